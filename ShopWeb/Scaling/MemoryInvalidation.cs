using StackExchange.Redis;

namespace ShopWeb.Scaling;

/// <summary>
/// Lets what an instance holds in memory (the catalog lookups, the page fragments) be forgotten by every instance at
/// once: this one at the call, the others as soon as Redis tells them. A change names the page-cache tags it evicts
/// (CatalogCache), so the fragments of other products stay.
/// </summary>
public interface IMemoryInvalidation
{
    /// <summary>What to run on this instance when anything held in memory must be read again, with the tags evicted.</summary>
    void OnForget(Action<IReadOnlyCollection<string>> forget);

    Task ForgetEverywhereAsync(IReadOnlyCollection<string> tags);

    /// <summary>What to run on this instance when sign-in sessions end on any instance (ServerSessions' copies).</summary>
    void OnSessionsEnded(Action<IReadOnlyCollection<string>> ended);

    Task SessionsEndedEverywhereAsync(IReadOnlyCollection<string> sessionIds);
}

/// <summary>One instance: forgetting here is forgetting everywhere.</summary>
internal sealed class LocalInvalidation : IMemoryInvalidation
{
    private Action<IReadOnlyCollection<string>> forgetAll = _ => { };

    public void OnForget(Action<IReadOnlyCollection<string>> forget) => forgetAll += forget;

    public Task ForgetEverywhereAsync(IReadOnlyCollection<string> tags)
    {
        forgetAll(tags);
        return Task.CompletedTask;
    }

    private Action<IReadOnlyCollection<string>> endAll = _ => { };

    public void OnSessionsEnded(Action<IReadOnlyCollection<string>> ended) => endAll += ended;

    public Task SessionsEndedEverywhereAsync(IReadOnlyCollection<string> sessionIds)
    {
        endAll(sessionIds);
        return Task.CompletedTask;
    }
}

/// <summary>Several instances: a message on a Redis channel makes each of them forget.</summary>
internal sealed class RedisInvalidation : IMemoryInvalidation
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("shopweb:forget");
    private static readonly RedisChannel SessionsChannel = RedisChannel.Literal("shopweb:sessions-ended");
    private const char Separator = '\n'; // tags are slugs and ids: never a line break
    private readonly IConnectionMultiplexer redis;
    private readonly ILogger<RedisInvalidation> logger;
    private Action<IReadOnlyCollection<string>> forgetAll = _ => { };
    private Action<IReadOnlyCollection<string>> endAll = _ => { };

    public RedisInvalidation(IConnectionMultiplexer redis, ILogger<RedisInvalidation> logger)
    {
        this.redis = redis;
        this.logger = logger;
        Subscribe(Channel, message => forgetAll(message));
        Subscribe(SessionsChannel, message => endAll(message));
    }

    /// <summary>
    /// Not waited for: with Redis away when the shop starts, a blocking subscription failed every request that needs
    /// this (the health checks among them) for as long as Redis was away. The multiplexer keeps the handler from the
    /// call on, and subscribes it again at every connection, the first included.
    /// </summary>
    private void Subscribe(RedisChannel channel, Action<string[]> handle)
    {
        void Failed(Exception ex) => logger.LogWarning(ex, "Redis is not reachable yet: subscribed to {Channel} once it is", channel);
        try
        {
            redis.GetSubscriber().SubscribeAsync(channel, (_, message) => handle(((string?)message ?? "").Split(Separator))).ContinueWith(
                subscribed => Failed(subscribed.Exception!.GetBaseException()), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
        catch (RedisException ex)
        {
            Failed(ex);
        }
    }

    public void OnForget(Action<IReadOnlyCollection<string>> forget) => forgetAll += forget;

    public async Task ForgetEverywhereAsync(IReadOnlyCollection<string> tags)
    {
        forgetAll(tags);
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, string.Join(Separator, tags));
        }
        catch (RedisException ex)
        {
            // The change is committed; the other instances read their lookups again when Redis is back, at the latest.
            logger.LogError(ex, "Could not tell the other instances to forget their catalog lookups");
        }
    }

    public void OnSessionsEnded(Action<IReadOnlyCollection<string>> ended) => endAll += ended;

    public async Task SessionsEndedEverywhereAsync(IReadOnlyCollection<string> sessionIds)
    {
        endAll(sessionIds);
        try
        {
            await redis.GetSubscriber().PublishAsync(SessionsChannel, string.Join(Separator, sessionIds));
        }
        catch (RedisException ex)
        {
            // The ended marks are in Redis already; the others' copies lapse within ServerSessions.HeldFor.
            logger.LogError(ex, "Could not tell the other instances that sessions ended");
        }
    }
}
