using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ShopWeb.Scaling;

/// <summary>
/// With <c>Redis:Configuration</c> set, ready also means Redis answers: sessions, the page cache and the rate limits
/// live there, so an instance without it cannot serve shoppers, though it is alive.
/// </summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Within what a probe waits, not the client's own timeout of several seconds.
            await redis.GetDatabase().PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}
