using System.Globalization;

namespace ShopWeb.Catalog;

/// <summary>
/// What the catalog URL asks for, made sensible: unknown sorts are "featured", pages start at 1, searches are
/// cut to a sane length. Every value arrives as text, so no query string can fail model binding.
/// </summary>
public sealed record CatalogQuery(string? Search, string? Category, string Sort, int Page)
{
    /// <summary>The pages' page size; the API lets an app ask for up to <see cref="MaxPageSize"/>.</summary>
    public const int DefaultPageSize = 12;
    public const int MaxPageSize = 100;
    public const int MaxSearchLength = 200;

    /// <summary>
    /// What a search costs the store grows with its words, and a one-letter prefix matches most of the index: a search
    /// looks for at most <see cref="MaxWords"/> words of at least <see cref="MinWordLength"/> characters, and says when
    /// it left any out (<see cref="Trimmed"/>).
    /// </summary>
    public const int MaxWords = 8;
    public const int MinWordLength = 2;

    public int PageSize { get; init; } = DefaultPageSize;

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
    public static CatalogQuery From(string? q, string? category, string? sort, string? page)
    {
        var search = string.IsNullOrWhiteSpace(q) ? null : string.Join(' ', q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        if (search is { Length: > MaxSearchLength })
        {
            search = search[..MaxSearchLength].TrimEnd();
        }

        if (search is not null && AllWords(search).Count == 0)
        {
            // Only punctuation: nothing to search for, so the whole catalog, as with an empty box.
            search = null;
        }

        sort = sort?.Trim().ToLowerInvariant();
        var knownSort = Sorts.Any(s => s.Value == sort) ? sort! : "featured";
        var pageNumber = int.TryParse(page, out var parsed) && parsed >= 1 ? parsed : 1;
        return new CatalogQuery(search, string.IsNullOrWhiteSpace(category) ? null : category.Trim().ToLowerInvariant(), knownSort, pageNumber);
    }

    /// <summary>
    /// The words searched for, each a run of letters and digits: every one must begin a word of the name or the
    /// description. Punctuation only separates words (as the search index does), so no input is search syntax.
    /// The first <see cref="MaxWords"/> different words of <see cref="MinWordLength"/> characters or more.
    /// </summary>
    public IReadOnlyList<string> Words => Search is null ? [] : AllWords(Search).Where(w => w.Length >= MinWordLength).Take(MaxWords).ToList();

    /// <summary>The search had words left out of <see cref="Words"/>: too short, or past the first <see cref="MaxWords"/>.</summary>
    public bool Trimmed => Search is not null && AllWords(Search).Count != Words.Count;

    /// <summary>The same search with one word fewer, for each word: what to offer when nothing matches them all.</summary>
    public IReadOnlyList<CatalogQuery> WithOneWordFewer() => Words.Count < 2
        ? []
        : Words.Select((_, skip) => this with { Search = string.Join(' ', Words.Where((_, i) => i != skip)), Page = 1 }).ToList();

    private static List<string> AllWords(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || char.GetUnicodeCategory(text[i]) is UnicodeCategory.NonSpacingMark);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(text[start..i].ToLowerInvariant());
                start = -1;
            }
        }

        return words.Distinct().ToList();
    }

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
