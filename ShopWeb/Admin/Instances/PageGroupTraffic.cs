namespace ShopWeb.Admin.Instances;

/// <summary>One page group's last five minutes on one instance, as the system page shows it.</summary>
/// <param name="Group">The route template (<c>/products/{slug}</c>), or a name in brackets for what has none.</param>
/// <param name="Requests">Requests answered in the window.</param>
/// <param name="PerMinute">Requests per minute over the window.</param>
/// <param name="P99Ms">The 99th percentile of their durations, in milliseconds (the upper edge of its histogram bin).</param>
public sealed record PageGroupTraffic(string Group, long Requests, double PerMinute, double P99Ms);
