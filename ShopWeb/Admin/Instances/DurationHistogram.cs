namespace ShopWeb.Admin.Instances;

/// <summary>
/// Request durations counted in bins that grow by 10% from 0.1 ms to a minute: a percentile read from it is at most
/// 10% above the true one, and a minute of any traffic costs the same few hundred counters.
/// </summary>
internal sealed class DurationHistogram
{
    /// <summary>The last bin's upper edge: a quantile past it is told as <see cref="Beyond"/>, said "over 60,000 ms".</summary>
    public const double Longest = 60_000;

    /// <summary>
    /// A quantile past <see cref="Longest"/>: a finite number, since the instance's status travels as JSON (which has no
    /// infinity), and one request of over a minute (a hung payment provider) must not stop it being published.
    /// </summary>
    public const double Beyond = double.MaxValue;

    private const double Smallest = 0.1;
    private const double Growth = 1.1;
    private static readonly double[] UpperEdges = Edges();

    private readonly long[] counts = new long[UpperEdges.Length + 1];

    public long Count { get; private set; }

    public void Add(double milliseconds)
    {
        var bin = Array.BinarySearch(UpperEdges, milliseconds);
        counts[bin >= 0 ? bin : ~bin]++;
        Count++;
    }

    public void AddTo(DurationHistogram total)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            total.counts[i] += counts[i];
        }

        total.Count += Count;
    }

    /// <summary>The upper edge of the bin holding the given quantile (0..1); 0 when empty.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * Count);
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i < UpperEdges.Length ? UpperEdges[i] : Beyond;
            }
        }

        return Beyond;
    }

    private static double[] Edges()
    {
        var edges = new List<double>();
        for (var edge = Smallest; edge < Longest; edge *= Growth)
        {
            edges.Add(edge);
        }

        return [.. edges, Longest];
    }
}
