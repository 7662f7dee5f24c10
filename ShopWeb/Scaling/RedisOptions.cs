namespace ShopWeb.Scaling;

/// <summary>The <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>
    /// A StackExchange.Redis connection string. Set, every instance shares its sessions, page cache, counters and
    /// cache invalidations through it; unset, one instance keeps them in its own memory.
    /// </summary>
    public string? Configuration { get; set; }
}
