using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ShopWeb.Infrastructure;

internal static class HealthEndpoints
{
    public static void MapShopHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: it can also serve shoppers, so the store must answer too. Never rate
        // limited: a proxy or orchestrator polls them from one address, and a 429 would take the instance out.
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).DisableRateLimiting();
    }
}
