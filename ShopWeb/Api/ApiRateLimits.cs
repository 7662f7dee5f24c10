using System.Threading.RateLimiting;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using ShopWeb.Identity.Apps;
using ShopWeb.Scaling;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ShopWeb.Api;

/// <summary>The <c>Api:RateLimits</c> section.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>Requests per minute to /api from one client address, or from one shopper in one app.</summary>
    public int RequestsPerMinute { get; set; } = 600;
}

/// <summary>
/// How often one client (an address, or a signed-in shopper in one app) may call the API, counted in the shared counters (<see cref="SharedWindowLimiter"/>), so a
/// limit is the same with one instance or several. Past it: a 429 problem with Retry-After.
/// </summary>
internal sealed class ApiRateLimitPolicy(IOptions<ApiRateLimitOptions> options, ISharedCounters counters, TimeProvider clock) : IRateLimiterPolicy<string>
{
    public const string Name = "api";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, cancellationToken) =>
    {
        var http = context.HttpContext;
        http.Response.SetRetryAfter(context.Lease, otherwise: TimeSpan.FromMinutes(1));
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

    // A signed-in app's allowance is its shopper's in that app, wherever the requests come from (a phone changes
    // networks); without a valid token, the client's address.
    private static string PartitionKey(HttpContext context) => context.Features.Get<ApiCaller>() is { } caller
        ? "api app " + caller.ClientId + " shopper " + caller.UserId
        : "api address " + Infrastructure.ClientAddress.Of(context);
}

/// <summary>The app (its client id) and the shopper a valid bearer token names.</summary>
internal sealed record ApiCaller(string ClientId, string UserId);

/// <summary>
/// Reads the bearer token of an API request before the rate limiter, which partitions by what it finds
/// (<see cref="ApiCaller"/>). The token is validated once: the endpoint's authorization gets the same result.
/// </summary>
internal static class ApiCallers
{
    public static IApplicationBuilder UseApiCallers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (ApiPaths.IsApi(context.Request.Path) && context.Request.Headers.Authorization.Count > 0)
        {
            // Ahead of the authentication middleware, which would first let the token scheme see the request: done here
            // as it does it. OpenIddict's validation keeps what it finds for the request, so the middleware reuses it.
            var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            if (await handlers.GetHandlerAsync(context, ApiAuthorization.Scheme) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync())
            {
                return;
            }

            var signIn = await context.AuthenticateAsync(ApiAuthorization.Scheme);
            if (signIn.Succeeded && ApiAuthorization.UserId(signIn.Principal) is { } userId
                && (signIn.Principal.FindFirstValue(Claims.ClientId) ?? signIn.Principal.GetPresenters().FirstOrDefault()) is { } clientId)
            {
                context.Features.Set(new ApiCaller(clientId, userId));
            }
        }

        await next(context);
    });
}
