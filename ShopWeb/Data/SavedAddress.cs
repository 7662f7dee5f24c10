using Microsoft.AspNetCore.Identity;

namespace ShopWeb.Data;

/// <summary>One address of a shopper's address book, kept only while "Save my shipping addresses" is on.</summary>
public sealed class SavedAddress
{
    public int Id { get; init; }

    public required string UserId { get; init; }

    [PersonalData]
    public required string Name { get; set; }

    [PersonalData]
    public required string Line1 { get; set; }

    [PersonalData]
    public string? Line2 { get; set; }

    [PersonalData]
    public required string City { get; set; }

    [PersonalData]
    public string? Region { get; set; }

    [PersonalData]
    public required string PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2 code, one of <see cref="Privacy.Countries"/>.</summary>
    [PersonalData]
    public required string Country { get; set; }

    public bool IsDefault { get; set; }

    public DateTimeOffset CreatedAt { get; init; }
}
