using StackExchange.Redis;

namespace ShopWeb.Scaling;

/// <summary>
/// Lets what an instance holds in memory (the catalog lookups) be forgotten by every instance at once: this one at
/// the call, the others as soon as Redis tells them.
/// </summary>
public interface IMemoryInvalidation
{
    /// <summary>What to run on this instance when anything held in memory must be read again.</summary>
    void OnForget(Action forget);

    Task ForgetEverywhereAsync();
}

/// <summary>One instance: forgetting here is forgetting everywhere.</summary>
internal sealed class LocalInvalidation : IMemoryInvalidation
{
    private Action forgetAll = () => { };

    public void OnForget(Action forget) => forgetAll += forget;

    public Task ForgetEverywhereAsync()
    {
        forgetAll();
        return Task.CompletedTask;
    }
}

/// <summary>Several instances: a message on a Redis channel makes each of them forget.</summary>
internal sealed class RedisInvalidation : IMemoryInvalidation
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("shopweb:forget");
    private readonly IConnectionMultiplexer redis;
    private readonly ILogger<RedisInvalidation> logger;
    private Action forgetAll = () => { };

    public RedisInvalidation(IConnectionMultiplexer redis, ILogger<RedisInvalidation> logger)
    {
        this.redis = redis;
        this.logger = logger;
        redis.GetSubscriber().Subscribe(Channel, (_, _) => forgetAll());
    }

    public void OnForget(Action forget) => forgetAll += forget;

    public async Task ForgetEverywhereAsync()
    {
        forgetAll();
        try
        {
            await redis.GetSubscriber().PublishAsync(Channel, "catalog");
        }
        catch (RedisException ex)
        {
            // The change is committed; the other instances read their lookups again when Redis is back, at the latest.
            logger.LogError(ex, "Could not tell the other instances to forget their catalog lookups");
        }
    }
}
