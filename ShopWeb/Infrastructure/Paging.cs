using System.Globalization;

namespace ShopWeb.Infrastructure;

/// <summary>Page arithmetic shared by every paged list: the last page is at least 1, and any requested page lands inside.</summary>
public static class Paging
{
    public static int LastPage(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);

    /// <summary>The requested page (text from a query string, so nonsense is page 1), kept between 1 and the last page.</summary>
    public static int Page(string? requested, int lastPage) => Math.Clamp(int.TryParse(requested, out var page) ? page : 1, 1, lastPage);

    /// <summary>"1 order", "1,234 orders": a count as every list says it, in the shop's notation.</summary>
    public static string Count(int total, string one, string many) => $"{Number(total)} {(total == 1 ? one : many)}";

    /// <summary>"1,234": a number of things as every page writes it.</summary>
    public static string Number(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
