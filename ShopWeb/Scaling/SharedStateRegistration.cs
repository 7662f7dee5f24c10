using Microsoft.Extensions.Caching.StackExchangeRedis;
using StackExchange.Redis;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;

namespace ShopWeb.Scaling;

/// <summary>
/// What the shop's instances must agree on, behind the framework's abstractions: the session cache
/// (<c>IDistributedCache</c>), the page cache (<c>IOutputCacheStore</c>), the counters of rate limits and the
/// unknown-account lockout, and the invalidation of what each instance holds in memory. With
/// <c>Redis:Configuration</c> set, all of it lives in Redis; without, in this one instance's memory.
/// </summary>
internal static class SharedStateRegistration
{
    public static WebApplicationBuilder AddShopSharedState(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section)
            .Validate(o => string.IsNullOrWhiteSpace(o.Configuration) || RedisOptions.Parse(o.Configuration) is not null, RedisOptions.Unreadable);
        if (RedisOptions.Parse(builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]) is not { } parsed)
        {
            // Unset, or unreadable: then the start stops with one line (StartupReport) before anything uses it.
            builder.Services.AddDistributedMemoryCache();
            builder.Services.AddSingleton<ISharedCounters, MemoryCounters>();
            builder.Services.AddSingleton<IMemoryInvalidation, LocalInvalidation>();
            return builder;
        }

        // One connection for everything; it reconnects on its own, and a call made while Redis is away fails at once
        // (a 503 page, BrieflyUnavailable) rather than being answered from a copy that may be stale, or held for the
        // client's 5 s timeout in a queue until Redis is back.
        parsed.AbortOnConnectFail = false;
        parsed.BacklogPolicy = BacklogPolicy.FailFast;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(parsed));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IServiceProvider>((cache, services) =>
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddStackExchangeRedisOutputCache(_ => { });
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<IServiceProvider>((cache, services) =>
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(services.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddSingleton<ISharedCounters, RedisCounters>();
        builder.Services.AddSingleton<IMemoryInvalidation, RedisInvalidation>();
        return builder;
    }
}
