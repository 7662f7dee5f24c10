using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShopWeb.Infrastructure.Telemetry;
using ShopWeb.Scaling;

namespace ShopWeb.Identity;

/// <summary>
/// Wrong passwords for an address with no account lock it just as they would lock a real one, so the lockout
/// page cannot be used to learn which addresses have accounts. Counted in the shared counters (every instance
/// together), which forget them: nothing is stored about strangers.
/// </summary>
public sealed class UnknownAccountLockout(ISharedCounters counters, TimeProvider clock, IOptions<IdentityOptions> identity, ShopMetrics metrics)
{
    /// <summary>How long an unknown address's wrong passwords are counted from its first.</summary>
    public static readonly TimeSpan ForgottenAfter = TimeSpan.FromDays(1);

    /// <returns>When the address opens again, if this failure locked it or it was locked already.</returns>
    /// <param name="counted">False when the sign-in manager counted this attempt already (an account the shop locked).</param>
    public async Task<DateTimeOffset?> FailAsync(string email, bool counted = false)
    {
        // Counted as a real account's would be (ShopSignInManager), so the metrics do not tell strangers apart either.
        var lockedUntil = await LockAsync(email);
        if (!counted)
        {
            (lockedUntil is null ? metrics.SignInsFailed : metrics.SignInsLockedOut).Add(1);
        }

        return lockedUntil;
    }

    private async Task<DateTimeOffset?> LockAsync(string email)
    {
        var lockout = identity.Value.Lockout;
        var key = "unknown-sign-in:" + email.Trim().ToUpperInvariant();
        if (await counters.MarkedAsync(key) is { } lockedUntil)
        {
            return lockedUntil;
        }

        // A real account's count never runs out by itself (only a sign-in clears it): one that ran out in half an hour
        // told the two apart (four tries, a wait, a fifth). A day, so that strangers' counts still go in the end.
        if (await counters.IncrementAsync(key, ForgottenAfter) < lockout.MaxFailedAccessAttempts)
        {
            return null;
        }

        var until = clock.GetUtcNow() + lockout.DefaultLockoutTimeSpan;
        await counters.MarkAsync(key, until);
        await counters.ResetAsync(key);
        return until;
    }
}
