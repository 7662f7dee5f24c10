namespace ShopWeb.Identity;

/// <summary>The <c>Identity</c> section.</summary>
public sealed class AccountOptions
{
    public const string Section = "Identity";

    /// <summary>Sign-in needs a confirmed email. Without it, new accounts are signed in at once.</summary>
    public bool RequireConfirmedEmail { get; set; } = true;

    /// <summary>How long a shopper's own security activity is kept, in days.</summary>
    public int ActivityRetentionDays { get; set; } = 365;

    /// <summary>The passkey relying-party id (the shop's domain); unset, the host of each request.</summary>
    public string? PasskeyServerDomain { get; set; }

    /// <summary>The absolute lifetime of a sign-in, in days, whatever its sliding renewals; an app's refresh tokens too.</summary>
    public int SessionMaxDays { get; set; } = 30;

    public TimeSpan SessionMaxAge => TimeSpan.FromDays(SessionMaxDays);
}
