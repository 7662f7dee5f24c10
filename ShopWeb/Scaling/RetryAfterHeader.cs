using System.Globalization;
using System.Threading.RateLimiting;

namespace ShopWeb.Scaling;

/// <summary>The one way a refused rate-limit lease becomes a <c>Retry-After</c> header: whole seconds, rounded up.</summary>
internal static class RetryAfterHeader
{
    /// <summary>Sets the header from the lease's wait, or from <paramref name="otherwise"/> when it names none (left unset when null).</summary>
    public static void SetRetryAfter(this HttpResponse response, RateLimitLease lease, TimeSpan? otherwise = null)
    {
        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : otherwise;
        if (retryAfter is { } seconds)
        {
            response.Headers.RetryAfter = ((int)Math.Ceiling(seconds.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }
}
