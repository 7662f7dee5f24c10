namespace ShopWeb.Infrastructure;

/// <summary>The admin lists' filters, said back when they mean nothing, so that no one takes a list as filtered by them.</summary>
public static class ListFilter
{
    /// <summary>"From "2026-13-45" means nothing here, so the list is not filtered by it: give a date such as 2026-12-31."</summary>
    public static string Ignored(string filter, string given, string? hint = null) =>
        $"{filter} \"{(given.Length > 40 ? given[..40] + "…" : given)}\" means nothing here, so the list is not filtered by it{(hint is null ? "" : ": " + hint)}.";

    /// <summary>
    /// The value named by <paramref name="given"/>, one name in any case, or null. Not Enum.TryParse, which also takes
    /// numbers and comma lists ("Paid,Shipped" is 1|2, another status than either).
    /// </summary>
    public static T? Choice<T>(string? given)
        where T : struct, Enum =>
        Enum.GetValues<T>().Cast<T?>().FirstOrDefault(value => string.Equals(value.ToString(), given?.Trim(), StringComparison.OrdinalIgnoreCase));
}
