using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace ShopWeb.Scaling;

/// <summary>
/// Counters that every instance of the shop counts together (in Redis when it is configured): rate limits and the
/// unknown-account lockout. A counter starts at its first increment and is gone when its window ends.
/// </summary>
public interface ISharedCounters
{
    /// <summary>Adds one and returns the count within the window that began with the first increment.</summary>
    Task<long> IncrementAsync(string key, TimeSpan window);

    /// <summary>Sets a marker that expires on its own, such as "locked until".</summary>
    Task MarkAsync(string key, DateTimeOffset until);

    /// <summary>The marker's time, if it is set and has not expired.</summary>
    Task<DateTimeOffset?> MarkedAsync(string key);

    Task ResetAsync(string key);
}

/// <summary>One instance's counters, in its memory.</summary>
internal sealed class MemoryCounters(IMemoryCache cache, TimeProvider clock) : ISharedCounters
{
    private sealed class Count
    {
        public long Value;
    }

    public Task<long> IncrementAsync(string key, TimeSpan window)
    {
        var count = cache.GetOrCreate("counter:" + key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = window;
            return new Count();
        })!;
        return Task.FromResult(Interlocked.Increment(ref count.Value));
    }

    public Task MarkAsync(string key, DateTimeOffset until)
    {
        cache.Set("marker:" + key, until, until - clock.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> MarkedAsync(string key) =>
        Task.FromResult(cache.TryGetValue("marker:" + key, out DateTimeOffset until) && until > clock.GetUtcNow() ? until : (DateTimeOffset?)null);

    public Task ResetAsync(string key)
    {
        cache.Remove("counter:" + key);
        return Task.CompletedTask;
    }
}

/// <summary>Every instance's counters, in Redis: INCR and its expiry in one script, so no counter outlives its window.</summary>
internal sealed class RedisCounters(IConnectionMultiplexer redis, TimeProvider clock) : ISharedCounters
{
    private const string Increment = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<long> IncrementAsync(string key, TimeSpan window) =>
        (long)await Db.ScriptEvaluateAsync(Increment, [Key("counter:" + key)], [(long)window.TotalMilliseconds]);

    public Task MarkAsync(string key, DateTimeOffset until) =>
        Db.StringSetAsync(Key("marker:" + key), until.ToUnixTimeMilliseconds(), until - clock.GetUtcNow());

    public async Task<DateTimeOffset?> MarkedAsync(string key) =>
        await Db.StringGetAsync(Key("marker:" + key)) is { HasValue: true } value && DateTimeOffset.FromUnixTimeMilliseconds((long)value) is var until && until > clock.GetUtcNow()
            ? until
            : null;

    public Task ResetAsync(string key) => Db.KeyDeleteAsync(Key("counter:" + key));

    private static RedisKey Key(string key) => "shopweb:" + key;
}
