using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ShopWeb.Scaling;

namespace ShopWeb.Api;

/// <summary>The <c>Api:RateLimits</c> section.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>Requests per minute to /api from one client.</summary>
    public int RequestsPerMinute { get; set; } = 600;
}

/// <summary>
/// How often one client may call the API, counted in the shared counters (<see cref="SharedWindowLimiter"/>), so a
/// limit is the same with one instance or several. Past it: a 429 problem with Retry-After.
/// </summary>
internal sealed class ApiRateLimitPolicy(IOptions<ApiRateLimitOptions> options, ISharedCounters counters, TimeProvider clock) : IRateLimiterPolicy<string>
{
    public const string Name = "api";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Type = ApiProblems.RateLimited,
                Title = "Too many requests",
                Detail = "This client has made too many requests. Wait for the time in Retry-After, in seconds.",
            },
        });
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var key = PartitionKey(httpContext);
        return RateLimitPartition.Get(key, partition =>
            new SharedWindowLimiter(counters, partition, options.Value.RequestsPerMinute, TimeSpan.FromMinutes(1), clock));
    }

    // The client's address for now. When /api accepts bearer tokens, the token's client id and its shopper become
    // partitions of their own here (a limiter per app and one per shopper, chained with this one per address).
    private static string PartitionKey(HttpContext context) => "api address " + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
