using System.Diagnostics;

namespace ShopWeb.Infrastructure.Telemetry;

/// <summary>
/// The shop's own spans, on one <see cref="ActivitySource"/> named <see cref="SourceName"/>: the steps an operator
/// follows in a trace between the request and the store (placing an order, queueing and sending an email). With no
/// exporter configured nothing listens, and <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns
/// null at the cost of one check. Tags never carry personal data: ids and counts, not addresses or names.
/// </summary>
public static class ShopActivities
{
    public const string SourceName = "ShopWeb";

    public static readonly ActivitySource Source = new(SourceName);
}
