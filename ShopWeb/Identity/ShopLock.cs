namespace ShopWeb.Identity;

/// <summary>
/// An admin's "Lock account" is a lockout that never ends by itself, unlike the one wrong passwords bring. Only an
/// admin lifts it: a password reset (proof of the mailbox) lifts the other kind only, and the lockout page does not
/// count down to the year 9999.
/// </summary>
public static class ShopLock
{
    public static readonly DateTimeOffset Until = DateTimeOffset.MaxValue;

    /// <summary>Whether a lockout ending at <paramref name="end"/> is the shop's (read back from a store or a cookie, it may have lost its last ticks).</summary>
    public static bool IsShopLock(DateTimeOffset? end) => end is { Year: 9999 };
}
