namespace ShopWeb.Infrastructure;

/// <summary>
/// The store's seeding (the demo catalog's check, the configured admin), which runs while the host starts: Kestrel
/// listens meanwhile, but the host's start completes, and the jobs waiting for it may run, only once it is done
/// (<see cref="StartedAsync"/>), and a request that comes before waits for it right after routing
/// (<see cref="UseStoreReadiness"/>: no middleware before reads the store). So nothing ever sees a store that is not
/// ready, and the host's start (the middleware, the data-protection keys, Kestrel) and the first request's routing
/// (building the route matcher) overlap the seeding on the other core (README "Start-up and memory").
/// A seeding that fails stops the shop: requests waiting get a 503, and the process exits 1 (Program).
/// </summary>
public sealed class StoreReadiness(IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    private Task<bool> ready = Task.FromResult(true);

    /// <summary>True once the store is seeded; false when it cannot be, and the shop stops.</summary>
    public Task<bool> Ready => ready;

    public void Track(Task<bool> seeded) => ready = seeded;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!await ready.WaitAsync(cancellationToken))
        {
            lifetime.StopApplication();
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A request that comes while the store is seeded waits for it here; once it is, a completed task is read.</summary>
    public static IApplicationBuilder UseStoreReadiness(IApplicationBuilder app)
    {
        var readiness = app.ApplicationServices.GetRequiredService<StoreReadiness>();
        return app.Use((context, next) =>
        {
            var ready = readiness.Ready;
            return ready.IsCompletedSuccessfully && ready.Result ? next(context) : WhenReadyAsync(context, next, ready);
        });
    }

    private static async Task WhenReadyAsync(HttpContext context, RequestDelegate next, Task<bool> ready)
    {
        // The process answers while it seeds (a probe that waited would time out and restart it), and it is not ready
        // yet: a balancer sends it no shopper until it is.
        if (context.Request.Path.Equals(HealthEndpoints.Live, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        if (context.Request.Path.Equals(HealthEndpoints.Ready, StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("Unhealthy: the store is still being seeded", context.RequestAborted);
            return;
        }

        if (await ready.WaitAsync(context.RequestAborted))
        {
            await next(context);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable; // the shop is stopping
        }
    }
}
