namespace ShopWeb.Infrastructure;

/// <summary>
/// A job run every <see cref="Every"/> of the shop's clock (<see cref="TimeProvider"/>), on every instance at once: each
/// job's work must be safe to run twice at the same moment (conditional updates and deletes). The clock is looked at
/// every few seconds, which costs nothing, so a job keeps to the shop's time however that time is kept.
/// </summary>
public abstract class ClockedJob(TimeProvider clock, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(2);

    protected TimeProvider Clock { get; } = clock;

    protected ILogger Logger { get; } = logger;

    /// <summary>How often the job runs. The first run is one interval after the start, which belongs to migrations and the first requests.</summary>
    protected abstract TimeSpan Every { get; }

    protected abstract Task RunAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var next = Clock.GetUtcNow() + Every;
        try
        {
            while (true)
            {
                await Task.Delay(Look, stoppingToken);
                if (Clock.GetUtcNow() < next)
                {
                    continue;
                }

                next = Clock.GetUtcNow() + Every;
                try
                {
                    await RunAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // Any failure, a timeout's OperationCanceledException among them (an HttpClient's, a hung server's),
                    // is this run's: escaping, it would stop the whole shop (the host's BackgroundServiceExceptionBehavior).
                    Logger.LogWarning(ex, "{Job} failed; its next run tries again", GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
