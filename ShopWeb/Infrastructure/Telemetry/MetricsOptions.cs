namespace ShopWeb.Infrastructure.Telemetry;

/// <summary>The <c>Metrics</c> section: where Prometheus scrapes this instance.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// The port of the Prometheus scrape endpoint (<c>/metrics</c>), its own listener apart from Kestrel so that it is
    /// never reachable on the shop's public address. Unset: no scrape endpoint.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>The host the scrape endpoint listens on: localhost unless Prometheus runs on another machine.</summary>
    public string Host { get; set; } = "localhost";
}
