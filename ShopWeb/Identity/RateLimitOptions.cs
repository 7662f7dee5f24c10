namespace ShopWeb.Identity;

/// <summary>The <c>RateLimits</c> section: how often one client address may post the account forms, and reach the store at all.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Posts per minute of each of sign-in, register, forgot password and resend confirmation, per client address.</summary>
    public int AccountFormPostsPerMinute { get; set; } = 10;

    /// <summary>
    /// Requests per minute per client address that get past the output cache (pages it did not answer, form posts,
    /// /api): far above what a person's browsing sends, so only a flood meets it (<c>AddressRateLimit</c>).
    /// </summary>
    public int RequestsPerMinute { get; set; } = 300;
}
