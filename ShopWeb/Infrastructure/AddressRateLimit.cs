using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ShopWeb.Identity;
using ShopWeb.Scaling;

namespace ShopWeb.Infrastructure;

/// <summary>
/// Turns a flood from one client address into 429s before it reaches the store: every request the output cache did
/// not answer (an uncached or signed-in page, a form post, /api) counts against <c>RateLimits:RequestsPerMinute</c> in
/// the shared counters, so the limit holds across instances. It sits inside the output cache, so a page served from
/// the cache is never counted; static files are answered at routing, before it; endpoints that read nothing of the
/// store (health checks, uploaded images) carry <c>DisableRateLimiting</c>. The account forms and the API keep their
/// own limits on top.
/// </summary>
internal sealed class AddressRateLimit : IMiddleware, IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> limiter;

    public AddressRateLimit(IOptions<RateLimitOptions> options, ISharedCounters counters, TimeProvider clock)
    {
        var limit = options.Value.RequestsPerMinute;
        limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.Get("address " + ClientAddress.Of(context), key =>
                new SharedWindowLimiter(counters, key, limit, TimeSpan.FromMinutes(1), clock)));
    }

    public static IServiceCollection AddAddressRateLimit(IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.RequestsPerMinute > 0, "RateLimits:RequestsPerMinute must be a positive number.")
            .ValidateOnStart();
        return services.AddSingleton<AddressRateLimit>();
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        // The error or status page of a request already counted (a 429 among them) is not counted again.
        if (context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null
            || context.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        using var lease = await limiter.AcquireAsync(context, cancellationToken: context.RequestAborted);
        if (lease.IsAcquired)
        {
            await next(context);
            return;
        }

        // No body: the status code pages render the 429 page, and under /api ApiProblemResponses writes the problem.
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.SetRetryAfter(lease);
    }

    public void Dispose() => limiter.Dispose();
}
