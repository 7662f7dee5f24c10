using System.Threading.RateLimiting;

namespace ShopWeb.Scaling;

/// <summary>
/// A fixed-window rate limiter counted in the shared counters, so that "ten a minute" means ten across every
/// instance. It never queues: past the limit a request is refused with the time the window has left.
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
        var windowKey = $"{key}:{clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)window.TotalMilliseconds}";
        var count = await counters.IncrementAsync(windowKey, window);
        if (count <= permitLimit)
        {
            return Lease.Granted;
        }

        var windowMs = (long)window.TotalMilliseconds;
        var left = TimeSpan.FromMilliseconds(windowMs - clock.GetUtcNow().ToUnixTimeMilliseconds() % windowMs);
        return new Lease(false, left);
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
