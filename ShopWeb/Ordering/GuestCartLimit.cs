using Microsoft.Extensions.Options;
using ShopWeb.Scaling;

namespace ShopWeb.Ordering;

/// <summary>
/// How many guest carts one client address may start in an hour (<see cref="CartOptions.NewGuestCartsPerHour"/>), counted
/// in the shared counters like the other rate limits, so the limit is the same with one instance or several. Only a
/// cart actually started counts: adding to a cart the guest already has is never limited here.
/// </summary>
public sealed class GuestCartLimit(ISharedCounters counters, IOptions<CartOptions> options, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The Retry-After of a refusal: the window's length, as the other limits answer (the count's own expiry is not known).</summary>
    public static readonly string RetryAfterSeconds = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public const string Refusal = "Too many new carts have been started from your network in the last hour. Please try again later.";

    /// <summary>Takes one new cart from the address's allowance; false when none is left.</summary>
    public async Task<bool> TryStartAsync(string? client)
    {
        using var limiter = new SharedWindowLimiter(counters, "guest-carts " + (client ?? "unknown"), options.Value.NewGuestCartsPerHour, Window, clock);
        using var lease = await limiter.AcquireAsync();
        return lease.IsAcquired;
    }
}
