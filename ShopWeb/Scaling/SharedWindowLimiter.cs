using System.Threading.RateLimiting;

namespace ShopWeb.Scaling;

/// <summary>
/// A fixed-window rate limiter counted in the shared counters, so that "ten a minute" means ten across every
/// instance. The window starts at its first request (the counter's expiry), as the framework's fixed window does,
/// so instances need not agree on the time. It never queues: past the limit a request is refused, and told to
/// come back after at most a window.
/// </summary>
internal sealed class SharedWindowLimiter(ISharedCounters counters, string key, int permitLimit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private long lastUsed = clock.GetTimestamp();

    public override TimeSpan? IdleDuration => clock.GetElapsedTime(Interlocked.Read(ref lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    // The count lives in Redis, which is asked asynchronously: the middleware's synchronous first try always
    // falls through to AcquireAsyncCore.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => Lease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref lastUsed, clock.GetTimestamp());
        return await counters.IncrementAsync(key, window) <= permitLimit ? Lease.Granted : new Lease(false, window);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);

        public static readonly Lease NotYet = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
