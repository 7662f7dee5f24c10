using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ShopWeb.Identity;

/// <summary>
/// Wrong passwords for an address with no account lock it just as they would lock a real one, so the lockout
/// page cannot be used to learn which addresses have accounts. Kept in memory: nothing is stored about strangers.
/// </summary>
public sealed class UnknownAccountLockout(IMemoryCache cache, TimeProvider clock, IOptions<IdentityOptions> identity)
{
    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset? LockedUntil;
    }

    /// <returns>When the address opens again, if this failure locked it or it was locked already.</returns>
    public DateTimeOffset? Fail(string email)
    {
        var lockout = identity.Value.Lockout;
        var failures = cache.GetOrCreate(Key(email), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = lockout.DefaultLockoutTimeSpan * 2;
            return new Failures();
        })!;
        lock (failures)
        {
            var now = clock.GetUtcNow();
            if (failures.LockedUntil is { } until && until >= now)
            {
                return until;
            }

            if (++failures.Count >= lockout.MaxFailedAccessAttempts)
            {
                failures.Count = 0;
                failures.LockedUntil = now + lockout.DefaultLockoutTimeSpan;
                return failures.LockedUntil;
            }

            return null;
        }
    }

    private static string Key(string email) => "unknown-sign-in:" + email.Trim().ToUpperInvariant();
}
