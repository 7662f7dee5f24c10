using System.Diagnostics.Metrics;

namespace ShopWeb.Admin.Instances;

/// <summary>
/// This instance's requests per page group, read from the shop's own metrics: a <see cref="MeterListener"/> on ASP.NET
/// Core's <c>http.server.request.duration</c>, kept in per-minute buckets of the shop's clock for the last
/// <see cref="WindowMinutes"/> minutes. Only this host's meter is heard (by its <see cref="IMeterFactory"/>), so several
/// shops in one process (the tests) count apart.
/// </summary>
public sealed class RequestDurations : IDisposable
{
    public const int WindowMinutes = 5;

    /// <summary>Routes are the app's own templates, so few; a cap keeps a surprise from growing without end.</summary>
    public const int MaxGroups = 200;

    private const string HostingMeter = "Microsoft.AspNetCore.Hosting";
    private const string DurationInstrument = "http.server.request.duration";

    private readonly MeterListener listener = new();
    private readonly TimeProvider clock;
    private readonly DateTimeOffset started;
    private readonly Dictionary<string, GroupMinutes> groups = [];

    public RequestDurations(IMeterFactory meters, TimeProvider clock)
    {
        this.clock = clock;
        started = clock.GetUtcNow();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == HostingMeter && instrument.Name == DurationInstrument && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            string? route = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "http.route")
                {
                    route = tag.Value as string;
                    break;
                }
            }

            Record(GroupOf(route), seconds * 1000);
        });
        listener.Start();
    }

    /// <summary>The page group of a route template: the template itself, with static files and unrouted requests each as one group.</summary>
    public static string GroupOf(string? route)
    {
        if (route is null)
        {
            return "(no route)";
        }

        var template = route.StartsWith('/') ? route : "/" + route;
        var last = template[(template.LastIndexOf('/') + 1)..];
        return last.Contains('.') && !template.Contains('{') ? "(static files)" : template;
    }

    public void Record(string group, double milliseconds)
    {
        var minute = Minute(clock.GetUtcNow());
        GroupMinutes? series;
        lock (groups)
        {
            if (!groups.TryGetValue(group, out series))
            {
                if (groups.Count >= MaxGroups)
                {
                    group = "(other)";
                    series = groups.GetValueOrDefault(group);
                }

                if (series is null)
                {
                    groups[group] = series = new GroupMinutes();
                }
            }
        }

        series.Add(minute, milliseconds);
    }

    /// <summary>Each group's requests, their rate and p99 over the current minute and the <see cref="WindowMinutes"/> - 1 before it, busiest first.</summary>
    public IReadOnlyList<PageGroupTraffic> LastMinutes()
    {
        var at = clock.GetUtcNow();
        var now = Minute(at);

        // The window is the minutes before this one and this one so far, and no longer than the instance has run: the
        // rate is over the time it really covers, so it neither dips as each minute starts nor reads low when new.
        var covered = Math.Min(WindowMinutes - 1 + at.ToUnixTimeMilliseconds() % 60_000 / 60_000.0, (at - started).TotalMinutes);
        covered = Math.Max(covered, 1 / 60.0);
        List<KeyValuePair<string, GroupMinutes>> all;
        lock (groups)
        {
            all = [.. groups];
        }

        return [.. all.Select(g => (g.Key, Window: g.Value.Window(now)))
            .Where(g => g.Window.Count > 0)
            .Select(g => new PageGroupTraffic(g.Key, g.Window.Count, g.Window.Count / covered, g.Window.Quantile(0.99)))
            .OrderByDescending(g => g.Requests).ThenBy(g => g.Group, StringComparer.Ordinal)];
    }

    public void Dispose() => listener.Dispose();

    private static long Minute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    /// <summary>One group's buckets: a ring of the last minutes, each bucket reused when its minute comes round again.</summary>
    private sealed class GroupMinutes
    {
        private readonly (long Minute, DurationHistogram Histogram)[] ring = new (long, DurationHistogram)[WindowMinutes + 1];

        public void Add(long minute, double milliseconds)
        {
            var slot = (int)(minute % ring.Length);
            lock (ring)
            {
                if (ring[slot].Histogram is null || ring[slot].Minute != minute)
                {
                    ring[slot] = (minute, new DurationHistogram());
                }

                ring[slot].Histogram.Add(milliseconds);
            }
        }

        public DurationHistogram Window(long now)
        {
            var total = new DurationHistogram();
            lock (ring)
            {
                foreach (var (minute, histogram) in ring)
                {
                    if (histogram is not null && minute > now - WindowMinutes && minute <= now)
                    {
                        histogram.AddTo(total);
                    }
                }
            }

            return total;
        }
    }
}
