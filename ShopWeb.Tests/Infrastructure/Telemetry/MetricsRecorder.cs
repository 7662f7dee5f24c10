using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Infrastructure.Telemetry;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>
/// What one shop's <see cref="ShopMetrics"/> recorded since this recorder started: its own meter only, so the shops of
/// other test classes, running at the same time in this process, do not count.
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<string, long> totals = new();
    private readonly ConcurrentDictionary<string, double> gauges = new();

    public MetricsRecorder(ShopFactory factory)
    {
        var meter = factory.Services.GetRequiredService<ShopMetrics>().OrdersPlaced.Meter;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => totals.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => gauges[instrument.Name] = value);
        listener.Start();
    }

    /// <summary>The sum a counter was moved by.</summary>
    public long this[string counter] => totals.GetValueOrDefault(counter);

    /// <summary>A gauge's value now.</summary>
    public double Gauge(string name)
    {
        listener.RecordObservableInstruments();
        return gauges.GetValueOrDefault(name);
    }

    public void Dispose() => listener.Dispose();
}
