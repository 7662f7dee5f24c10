using System.Net;
using StackExchange.Redis;

namespace ShopWeb.Scaling;

/// <summary>The <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    public const string Unreadable = "Redis:Configuration is not a StackExchange.Redis connection string, such as redis.internal:6379,password=….";

    /// <summary>
    /// A StackExchange.Redis connection string. Set, every instance shares its sessions, page cache, counters and
    /// cache invalidations through it; unset, one instance keeps them in its own memory.
    /// </summary>
    public string? Configuration { get; set; }

    /// <returns>The connection's options, or null when <paramref name="configuration"/> is unset or unreadable.</returns>
    public static ConfigurationOptions? Parse(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return null;
        }

        try
        {
            var options = ConfigurationOptions.Parse(configuration);
            return options.EndPoints.Count > 0 && options.EndPoints.All(IsAddress) ? options : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // The client takes any word it cannot read as a setting for a server's name ("=" in ",,,=" became a server "=:0"),
    // and the shop then waited for a Redis that could never answer: a name must be a host name or an IP address.
    private static bool IsAddress(EndPoint endPoint) => endPoint is not DnsEndPoint dns
        || Uri.CheckHostName(dns.Host) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6;
}
