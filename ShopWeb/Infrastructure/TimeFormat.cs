using System.Globalization;
using Microsoft.AspNetCore.Html;

namespace ShopWeb.Infrastructure;

/// <summary>
/// The one way pages and emails show a moment: 2026-12-01 15:29 UTC, the same whatever culture the server runs
/// in (another culture's calendar or month names would make a date unreadable, or wrong, for most shoppers).
/// </summary>
public static class TimeFormat
{
    public static string Text(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A calendar day, such as a day of the admin dashboard's chart (days are UTC days).</summary>
    public static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The moment as a <c>time</c> element: the text above, and the exact instant for machines.</summary>
    public static IHtmlContent Html(DateTimeOffset at) =>
        new HtmlString($"<time datetime=\"{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\">{Text(at)}</time>");

    public static IHtmlContent Html(DateOnly day) => new HtmlString($"<time datetime=\"{Text(day)}\">{Text(day)}</time>");
}
