using ShopWeb.Tests.Infrastructure.Telemetry;

namespace ShopWeb.E2E.Infrastructure.Telemetry;

/// <summary>
/// One OTLP receiver for the whole E2E run: every shop the journeys start (each <see cref="ShopServer"/>, or the farm's
/// instances) exports its spans, metrics and logs to it, and <see cref="ExportedTelemetryTests"/> reads them all once
/// every shop has stopped (stopping flushes what each still batched).
/// </summary>
public static class RunTelemetry
{
    private static readonly Lazy<OtlpReceiver> Shared = new(() => new OtlpReceiver());
    private static int started;
    private static int running;

    public static OtlpReceiver Receiver => Shared.Value;

    public static bool AnyShopStarted => Volatile.Read(ref started) > 0;

    public static int ShopsRunning => Volatile.Read(ref running);

    /// <summary>
    /// The receiver's settings with metrics every 5 s instead of 500 ms: over a whole run that is a tenth of the
    /// bodies to keep and read, and the final collection at shutdown still sends the last figures. Spans and logs
    /// keep their 200 ms batches, which never fill the exporter's queue (a full queue drops, and a dropped span is
    /// one the scan cannot read).
    /// </summary>
    public static Dictionary<string, string?> Settings() => new(Receiver.Settings()) { ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000" };

    public static void ShopStarting()
    {
        Interlocked.Increment(ref started);
        Interlocked.Increment(ref running);
    }

    public static void ShopStopped() => Interlocked.Decrement(ref running);
}
