using Microsoft.AspNetCore.Identity;

namespace ShopWeb.Data;

/// <summary>A shopper's or admin's account. Saved details join it as the profile issue lands.</summary>
public sealed class ApplicationUser : IdentityUser;
