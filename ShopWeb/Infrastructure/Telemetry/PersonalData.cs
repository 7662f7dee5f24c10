using System.Diagnostics;
using OpenTelemetry;

namespace ShopWeb.Infrastructure.Telemetry;

/// <summary>
/// Keeps personal data out of exported spans. A query string can carry a token (an email confirmation or reset link,
/// an order's access link), so it is dropped, not redacted; a status description or exception event can quote an
/// address a mail server refused, so only the status code stays. The shop's own tags carry ids and counts only.
/// </summary>
internal sealed class PersonalData : BaseProcessor<Activity>
{
    private static readonly string[] QueryTags = ["url.query", "http.target"];

    public static void RemoveQuery(Activity activity)
    {
        foreach (var tag in QueryTags)
        {
            activity.SetTag(tag, null);
        }

        if (activity.GetTagItem("url.full") is string full && full.IndexOf('?') is var at and >= 0)
        {
            activity.SetTag("url.full", full[..at]);
        }
    }

    public override void OnEnd(Activity activity)
    {
        RemoveQuery(activity);
        if (activity.StatusDescription is not null)
        {
            activity.SetStatus(activity.Status);
        }
    }
}
