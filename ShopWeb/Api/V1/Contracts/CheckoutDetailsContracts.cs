using ShopWeb.Data;

namespace ShopWeb.Api.V1.Contracts;

/// <summary>
/// What pre-fills a signed-in shopper's checkout, as on the checkout page: the contact details only while "Save my contact
/// details" is on, the addresses only while "Save my shipping addresses" is on (the default first).
/// </summary>
public sealed record CheckoutDetailsResponse(string Email, ContactResponse? Contact, IReadOnlyList<SavedAddressResponse> Addresses, MeEndpoints.Choices Choices);

public sealed record ContactResponse(string FullName, string? Phone);

public sealed record SavedAddressResponse(int Id, string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country, bool IsDefault)
{
    public static SavedAddressResponse From(SavedAddress a) => new(a.Id, a.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country, a.IsDefault);
}
