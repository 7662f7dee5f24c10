using System.Data.Common;
using StackExchange.Redis;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The status of a request that failed on an exception: 503 when a part the shop needs was out of reach for now (Redis
/// gone, the store's server refusing connections or busy), which a proxy, a monitor and a shopper's next try read as
/// "back shortly"; 500 for anything else, a fault to fix. The error page says the same either way, and adds Retry-After.
/// </summary>
internal static class BrieflyUnavailable
{
    /// <summary>Retry-After on a 503, in seconds: Redis and the store's server are reconnected to within seconds.</summary>
    public const string RetryAfter = "10";

    public static int StatusCodeFor(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is RedisConnectionException or RedisTimeoutException or DbException { IsTransient: true })
            {
                return StatusCodes.Status503ServiceUnavailable;
            }
        }

        return StatusCodes.Status500InternalServerError;
    }
}
