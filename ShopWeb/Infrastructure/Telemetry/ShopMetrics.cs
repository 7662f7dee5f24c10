using System.Diagnostics.Metrics;

namespace ShopWeb.Infrastructure.Telemetry;

/// <summary>
/// The shop's own instruments, on one <see cref="Meter"/> named <see cref="MeterName"/>. Each has a unit and a
/// description, and no tag that could carry personal data: an operator graphs and alerts on these, and Prometheus
/// keeps every label value it is ever sent.
/// </summary>
public sealed class ShopMetrics
{
    public const string MeterName = "ShopWeb";

    public ShopMetrics(IMeterFactory meters, TimeProvider clock)
    {
        var meter = meters.Create(MeterName);
        OrdersPlaced = meter.CreateCounter<long>("shop.orders.placed", "{order}", "Orders placed, by the pages and the API alike.");
        PaymentsApplied = meter.CreateCounter<long>("shop.payments.applied", "{payment}", "Card payments applied to an order, whichever signal came first.");
        PaymentsRefunded = meter.CreateCounter<long>("shop.payments.refunded", "{refund}", "Refunds the payment provider accepted.");
        PaymentsFlagged = meter.CreateCounter<long>("shop.payments.flagged", "{payment}", "Payments flagged for an admin (amount mismatch, paid after cancel).");
        WebhooksReceived = meter.CreateCounter<long>("shop.webhooks.received", "{event}", "Payment webhook events received with a valid signature.");
        WebhooksDuplicated = meter.CreateCounter<long>("shop.webhooks.duplicated", "{event}", "Payment webhook events received again and ignored.");
        WebhooksRejected = meter.CreateCounter<long>("shop.webhooks.rejected", "{event}", "Payment webhook requests rejected (bad or missing signature, stale, unreadable).");
        EmailsQueued = meter.CreateCounter<long>("shop.emails.queued", "{email}", "Emails written to the outbox.");
        EmailsSent = meter.CreateCounter<long>("shop.emails.sent", "{email}", "Emails the mail server accepted.");
        EmailsFailed = meter.CreateCounter<long>("shop.emails.failed", "{email}", "Email sending attempts that failed (each is retried).");
        meter.CreateObservableGauge("shop.outbox.age", () => OldestQueuedEmailAt is { } at ? Math.Max(0, (clock.GetUtcNow() - at).TotalSeconds) : 0.0,
            "s", "Age of the oldest unsent email (as of the outbox's last read, aged to now); 0 when empty.");
        SignInsSucceeded = meter.CreateCounter<long>("shop.signins.succeeded", "{signin}", "Sign-ins that succeeded (password, second factor or app).");
        SignInsFailed = meter.CreateCounter<long>("shop.signins.failed", "{signin}", "Sign-ins refused for a wrong password or code.");
        SignInsLockedOut = meter.CreateCounter<long>("shop.signins.locked_out", "{signin}", "Sign-ins refused because the account is locked out.");
        OutputCacheHits = meter.CreateCounter<long>("shop.output_cache.hits", "{request}", "Pages served from the page cache.");
        OutputCacheMisses = meter.CreateCounter<long>("shop.output_cache.misses", "{request}", "Cacheable pages rendered because the cache did not hold them.");
        StockOuts = meter.CreateCounter<long>("shop.stock_outs", "{variant}", "Variants whose stock an order took to zero.");
    }

    public Counter<long> OrdersPlaced { get; }
    public Counter<long> PaymentsApplied { get; }
    public Counter<long> PaymentsRefunded { get; }
    public Counter<long> PaymentsFlagged { get; }
    public Counter<long> WebhooksReceived { get; }
    public Counter<long> WebhooksDuplicated { get; }
    public Counter<long> WebhooksRejected { get; }
    public Counter<long> EmailsQueued { get; }
    public Counter<long> EmailsSent { get; }
    public Counter<long> EmailsFailed { get; }
    public Counter<long> SignInsSucceeded { get; }
    public Counter<long> SignInsFailed { get; }
    public Counter<long> SignInsLockedOut { get; }
    public Counter<long> OutputCacheHits { get; }
    public Counter<long> OutputCacheMisses { get; }
    public Counter<long> StockOuts { get; }

    /// <summary>
    /// When the oldest unsent email was queued, set by the outbox sender as it reads the outbox (a gauge callback must
    /// not query the store); the gauge ages it to the moment it is read, so it goes on growing while the store or the
    /// mail server is down.
    /// </summary>
    public DateTimeOffset? OldestQueuedEmailAt
    {
        // Written by the sender, read by the exporter's thread: as UTC ticks in one long, never read half-written.
        get => Volatile.Read(ref oldestQueuedTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
        set => Volatile.Write(ref oldestQueuedTicks, value?.UtcTicks ?? 0);
    }

    private long oldestQueuedTicks;
}
