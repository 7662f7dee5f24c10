namespace ShopWeb.Identity;

/// <summary>The <c>Identity</c> section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Identity";

    /// <summary>Sign-in needs a confirmed email. Without it, new accounts are signed in at once.</summary>
    public bool RequireConfirmedEmail { get; set; } = true;
}
