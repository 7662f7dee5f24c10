using Microsoft.AspNetCore.Identity;

namespace ShopWeb.Data;

/// <summary>A shopper's contact details, kept only while "Save my contact details" is on.</summary>
public sealed class SavedContact
{
    public required string UserId { get; init; }

    [PersonalData]
    public required string FullName { get; set; }

    [PersonalData]
    public string? Phone { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
