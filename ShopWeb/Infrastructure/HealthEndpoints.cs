using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ShopWeb.Infrastructure;

internal static class HealthEndpoints
{
    /// <summary>Where the probes are: an orchestrator's or a balancer's, never a visitor's.</summary>
    public const string Prefix = "/health";

    public const string Live = Prefix + "/live";

    public const string Ready = Prefix + "/ready";

    public static void MapShopHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        // Live: the process answers. Ready: it can also serve shoppers, so the store must answer too. Never rate
        // limited: a proxy or orchestrator polls them from one address, and a 429 would take the instance out.
        endpoints.MapHealthChecks(Live, new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        endpoints.MapHealthChecks(Ready, new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).DisableRateLimiting();
    }
}
