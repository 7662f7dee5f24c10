using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ShopWeb.Infrastructure;

internal static class HealthEndpoints
{
    public const string Live = "/health/live";

    public const string Ready = "/health/ready";

    public static void MapShopHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: it can also serve shoppers, so the store must answer too. Never rate
        // limited: a proxy or orchestrator polls them from one address, and a 429 would take the instance out.
        endpoints.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        endpoints.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).DisableRateLimiting();
    }
}
