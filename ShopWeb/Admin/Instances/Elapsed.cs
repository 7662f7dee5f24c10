using System.Globalization;

namespace ShopWeb.Admin.Instances;

/// <summary>How the system page says a span of time and a latency: in the two largest units that matter, invariant.</summary>
public static class Elapsed
{
    public static string Text(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalDays >= 1 ? $"{(int)span.TotalDays} d {span.Hours} h"
            : span.TotalHours >= 1 ? $"{span.Hours} h {span.Minutes} min"
            : span.TotalMinutes >= 1 ? $"{span.Minutes} min {span.Seconds} s"
            : $"{span.Seconds} s";
    }

    public static string Milliseconds(double ms) =>
        ms > DurationHistogram.Longest ? "over 60,000 ms" : ms.ToString(ms < 10 ? "0.0" : "#,0", CultureInfo.InvariantCulture) + " ms";
}
