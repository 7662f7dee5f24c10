using ShopWeb.Data;
using ShopWeb.Privacy;

namespace ShopWeb.Api.V1.Contracts;

/// <summary>A decision about one save-my-details choice. <c>on</c> is required: a missing one is no decision.</summary>
public sealed record ChoiceRequest(bool? On);

/// <summary>An address of the book, as the app shows it; <c>isDefault</c> is the one checkout fills in first.</summary>
public sealed record SavedAddressResponse(
    int Id, string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country, bool IsDefault)
{
    public static SavedAddressResponse From(SavedAddress a) => new(a.Id, a.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.IsDefault);
}

/// <summary>The address book's form as JSON: the same fields and rules (<see cref="AddressInput"/>), and whether it becomes the default.</summary>
public sealed class SaveAddressRequest : AddressInput
{
    public bool MakeDefault { get; set; }
}

/// <summary>One line of the consent ledger: what was decided, when, where, and the exact words shown.</summary>
public sealed record ConsentEntry(DetailsChoice Choice, bool On, DateTime RecordedAt, string Place, string Wording, string WordingVersion)
{
    public static ConsentEntry From(ConsentRecord r) => new(r.Choice, r.Granted, r.RecordedAt.UtcDateTime, r.Page, r.Wording, r.WordingVersion);
}
