using Microsoft.AspNetCore.Identity;

namespace ShopWeb.Data;

/// <summary>
/// A shopper's or admin's account. The two "save my details" choices live here; the details themselves live in
/// their own tables (<see cref="SavedContact"/>, <see cref="SavedAddress"/>), so turning a choice off deletes rows.
/// </summary>
public sealed class ApplicationUser : IdentityUser
{
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>"Save my contact details": off unless the shopper turned it on.</summary>
    [PersonalData]
    public bool SaveContactDetails { get; set; }

    /// <summary>"Save my shipping addresses": off unless the shopper turned it on.</summary>
    [PersonalData]
    public bool SaveShippingAddresses { get; set; }
}
