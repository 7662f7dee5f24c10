namespace ShopWeb.Catalog;

/// <summary>
/// What the catalog URL asks for, made sensible: unknown sorts are "featured", pages start at 1, searches are
/// cut to a sane length. Every value arrives as text, so no query string can fail model binding.
/// </summary>
public sealed record CatalogQuery(string? Search, string? Category, string Sort, int Page)
{
    public const int PageSize = 12;
    public const int MaxSearchLength = 200;

    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
    [
        ("featured", "Featured"),
        ("price-asc", "Price, low to high"),
        ("price-desc", "Price, high to low"),
        ("newest", "Newest"),
        ("name", "Name"),
    ];

    /// <summary>The query of a catalog URL; a repeated parameter counts by its first value, as model binding does.</summary>
    public static CatalogQuery From(IQueryCollection query) =>
        From(query["q"].FirstOrDefault(), query["category"].FirstOrDefault(), query["sort"].FirstOrDefault(), query["page"].FirstOrDefault());

    /// <summary>
    /// Equivalent URLs give equal queries (and so one output cache entry): case, runs of spaces and defaults make no
    /// difference. Searches ignore case anyway, and slugs are lower-case.
    /// </summary>
    private static CatalogQuery From(string? q, string? category, string? sort, string? page)
    {
        var search = string.IsNullOrWhiteSpace(q) ? null : string.Join(' ', q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        if (search is { Length: > MaxSearchLength })
        {
            search = search[..MaxSearchLength].TrimEnd();
        }

        sort = sort?.Trim().ToLowerInvariant();
        var knownSort = Sorts.Any(s => s.Value == sort) ? sort! : "featured";
        var pageNumber = int.TryParse(page, out var parsed) && parsed >= 1 ? parsed : 1;
        return new CatalogQuery(search, string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant(), knownSort, pageNumber);
    }

    /// <summary>The words searched for: every one must appear in the name or the description.</summary>
    public IReadOnlyList<string> Words => Search?
        .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Distinct().Take(8).ToList() ?? [];

    /// <summary>The catalog URL for this query with some values changed, for links that keep the rest.</summary>
    public string Url(int? page = null, string? sort = null, string? category = null, bool clearCategory = false)
    {
        var parts = new List<string>();
        if (Search is not null)
        {
            parts.Add("q=" + Uri.EscapeDataString(Search));
        }

        var cat = clearCategory ? null : category ?? Category;
        if (cat is not null)
        {
            parts.Add("category=" + Uri.EscapeDataString(cat));
        }

        var s = sort ?? Sort;
        if (s != "featured")
        {
            parts.Add("sort=" + s);
        }

        var p = page ?? Page;
        if (p > 1)
        {
            parts.Add("page=" + p);
        }

        return parts.Count == 0 ? "/products" : "/products?" + string.Join("&", parts);
    }
}
