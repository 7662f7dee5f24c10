namespace ShopWeb.Identity;

/// <summary>The <c>RateLimits</c> section: how often one client address may post the account forms.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts per minute of each of sign-in, register, forgot password and resend confirmation, per client address.</summary>
    public int AccountFormPostsPerMinute { get; set; } = 10;
}
