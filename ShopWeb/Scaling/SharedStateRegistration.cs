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
    /// <summary>
    /// How long a command waits for a Redis that does not answer, unless <c>Redis:Configuration</c> sets its own: 3 s.
    /// 1 s proved too tight for a well Redis on a loaded machine (200 shoppers at once on two instances of a 2-core box
    /// drew 503s in a full test run, the replies read late by a busy process), and the client's own 5 s held a page 10 s.
    /// </summary>
    public const int HangingRedisTimeoutMilliseconds = 3000;

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

        // A Redis that hangs (it keeps the connection and never answers) holds a request this long for each command (a
        // page may send two): 3 s rather than the client's 5, unless the configuration says otherwise. Redis answers in
        // milliseconds when well.
        var configuration = builder.Configuration[$"{RedisOptions.Section}:{nameof(RedisOptions.Configuration)}"]!;
        if (!configuration.Contains("syncTimeout=", StringComparison.OrdinalIgnoreCase))
        {
            parsed.SyncTimeout = HangingRedisTimeoutMilliseconds;
        }

        if (!configuration.Contains("asyncTimeout=", StringComparison.OrdinalIgnoreCase))
        {
            parsed.AsyncTimeout = HangingRedisTimeoutMilliseconds;
        }

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
