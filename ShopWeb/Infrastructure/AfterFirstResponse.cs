namespace ShopWeb.Infrastructure;

/// <summary>
/// When the background jobs (the outbox sender, the instance status, the app sign-in's sync and keys) may start their
/// first run: once the app has started and has sent its first response, or <see cref="Grace"/> after it started,
/// whichever comes first. Run beside the first request, their queries' first compilations and JIT took the same two
/// cores as the first page and held it up by hundreds of milliseconds. Nothing a request needs waits for this: a
/// request that needs a job's work (the API and the sign-in endpoints need the apps synced) calls <see cref="Open"/>.
/// </summary>
public sealed class AfterFirstResponse(IHostApplicationLifetime lifetime, TimeSpan grace)
{
    /// <summary>The longest the jobs wait for a first request that does not come (real time: it is about the CPU).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    public AfterFirstResponse(IHostApplicationLifetime lifetime)
        : this(lifetime, Grace)
    {
    }

    private readonly TaskCompletionSource opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool isOpen;

    public bool IsOpen => isOpen;

    /// <summary>Lets the jobs start now (the first response is out, or a request needs what they do).</summary>
    public void Open()
    {
        isOpen = true;
        opened.TrySetResult();
    }

    /// <summary>Completes when the jobs may start; throws when the shop stops first.</summary>
    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (isOpen)
        {
            return;
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await Task.WhenAny(started.Task, opened.Task).WaitAsync(cancellationToken);
        }

        await Task.WhenAny(opened.Task, Task.Delay(grace, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The first middleware: opens the gate when the first response has been sent (a flag read after that).</summary>
    public static IApplicationBuilder UseAfterFirstResponse(IApplicationBuilder app)
    {
        var gate = app.ApplicationServices.GetRequiredService<AfterFirstResponse>();
        return app.Use((context, next) =>
        {
            // A health probe is no visitor: one answered while the store is seeded must not start the jobs beside
            // the seeding (StoreReadiness answers the probes before it is done).
            if (!gate.IsOpen && !context.Request.Path.StartsWithSegments(HealthEndpoints.Prefix, StringComparison.Ordinal))
            {
                context.Response.OnCompleted(() =>
                {
                    gate.Open();
                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
    }
}
