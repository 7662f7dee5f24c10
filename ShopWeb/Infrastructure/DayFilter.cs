using System.Globalization;

namespace ShopWeb.Infrastructure;

/// <summary>
/// A list's From and To dates as a date input sends them (yyyy-MM-dd): whole days on the shop's clock (UTC), both
/// included. A date that names no day sets no bound and is said back (<see cref="Ignored"/>).
/// </summary>
public sealed record DayFilter(string? From, string? To)
{
    /// <summary>The first instant of the From day.</summary>
    public DateTimeOffset? Start => Day(From) is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    /// <summary>The first instant after the To day; none for the last day there is (9999-12-31), which has no next day.</summary>
    public DateTimeOffset? End => Day(To) is { } day && day < DateOnly.MaxValue
        ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue).AddDays(1), TimeSpan.Zero) : null;

    /// <summary>What each date given that names no day means for the list.</summary>
    public IEnumerable<string> Ignored() =>
        new[] { ("From", From), ("To", To) }
            .Where(d => !string.IsNullOrWhiteSpace(d.Item2) && Day(d.Item2) is null)
            .Select(d => ListFilter.Ignored(d.Item1, d.Item2!, "give a date such as 2026-12-31"));

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
