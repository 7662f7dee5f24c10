using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using StackExchange.Redis;

namespace ShopWeb.Admin.Instances;

/// <summary>
/// Writes this instance's <see cref="InstanceStatus"/> row every <see cref="Every"/>, so that the system page, served by
/// any instance, shows them all. The beat is real time (an instance that stops writing is what "stale" means), the
/// times written are the shop's clock.
/// </summary>
public sealed class InstanceStatusPublisher(
    IServiceScopeFactory scopes, IServiceProvider services, RequestDurations durations, TimeProvider clock,
    IOptions<ShopOptions> shop, AfterFirstResponse firstResponse, ILogger<InstanceStatusPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    /// <summary>Rows of instances not heard from for this long are deleted (a redeploy under new names leaves old ones).</summary>
    public static readonly TimeSpan Forget = TimeSpan.FromDays(1);

    private static readonly string Version =
        typeof(InstanceStatusPublisher).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly DateTimeOffset startedAt = clock.GetUtcNow();

    public string Instance { get; } = shop.Value.InstanceName is { Length: > 0 } name ? name : $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Measures and writes the row now (the page calls it too, so its own instance is never behind).</summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var status = await db.InstanceStatuses.FindAsync([Instance], cancellationToken);
            if (status is null)
            {
                status = new InstanceStatus { Instance = Instance, Version = Version };
                db.InstanceStatuses.Add(status);
            }

            await MeasureAsync(db, status, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            var forgotten = status.PublishedAt - Forget;
            await db.InstanceStatuses.Where(s => s.PublishedAt < forgotten).ExecuteDeleteAsync(cancellationToken);
        }
        finally
        {
            writing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await firstResponse.WaitAsync(stoppingToken); // the system page writes its own instance's row when it is asked first
            while (true)
            {
                try
                {
                    await PublishAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A timeout's OperationCanceledException too: escaping, it would stop the whole shop (ClockedJob).
                    logger.LogWarning(ex, "This instance's status could not be written; the system page will show it stale");
                }

                await Task.Delay(Every, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A graceful stop: an instance without a configured name (machine and process id) never comes back under it, so its
    /// row goes with it, and a one-machine shop restarted ten times shows one instance, not nine stale ones. A named
    /// instance's row stays, shown stale until that instance is back: in a farm, that is the one that is down.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (shop.Value.InstanceName is { Length: > 0 })
        {
            return;
        }

        // A courtesy, never a reason to stop badly: a store that does not answer within a few seconds (or a stop that
        // ran out of time) leaves the row, shown stale, and the shop stops as it would have.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().InstanceStatuses.Where(s => s.Instance == Instance).ExecuteDeleteAsync(bounded.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "This instance's status could not be removed as it stopped; the system page shows it stale for a day");
        }
    }

    private async Task MeasureAsync(ShopDbContext db, InstanceStatus status, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
        status.StoreLatencyMs = watch.Elapsed.TotalMilliseconds;

        var redis = services.GetService<IConnectionMultiplexer>();
        status.RedisUsed = redis is not null;
        status.RedisLatencyMs = redis is null ? null : await PingAsync(redis);

        status.OutboxBacklog = await db.OutboxEmails.CountAsync(e => e.Status == OutboxStatus.Queued, cancellationToken);
        status.OldestQueuedEmailAt = await Email.EmailOutbox.OldestQueuedAtAsync(db, cancellationToken);
        var oldestCard = await db.Orders.Where(o => o.Status == OrderStatus.AwaitingPayment && o.Payment == PaymentMethod.Card)
            .OrderBy(o => o.PlacedAt).Select(o => new { o.Number, o.PlacedAt }).FirstOrDefaultAsync(cancellationToken);
        status.OldestCardOrder = oldestCard?.Number;
        status.OldestCardOrderAt = oldestCard?.PlacedAt;
        status.LastWebhookAt = await db.PaymentEvents.OrderByDescending(e => e.ReceivedAt)
            .Select(e => (DateTimeOffset?)e.ReceivedAt).FirstOrDefaultAsync(cancellationToken);

        status.Traffic = JsonSerializer.Serialize(durations.LastMinutes());
        status.Version = Version;
        status.StartedAt = startedAt;
        status.PublishedAt = clock.GetUtcNow();
    }

    private async Task<double?> PingAsync(IConnectionMultiplexer redis)
    {
        try
        {
            return (await redis.GetDatabase().PingAsync()).TotalMilliseconds;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            logger.LogWarning(ex, "Redis did not answer this instance's ping");
            return null;
        }
    }

    public override void Dispose()
    {
        writing.Dispose();
        base.Dispose();
    }
}
