using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The store's side of catalog search: every word must begin a word of the name or the description, and a word in the
/// name counts ten times one in the description. SQLite uses the FTS5 index of the ProductSearch migration, PostgreSQL
/// the tsvector column and GIN index of its own; triggers or a generated column keep each in step. Each word goes in
/// as a quoted prefix term, so user input is never query syntax (no operators, no columns).
/// </summary>
/// <remarks>
/// A search never ranks or sorts every match, which with 100,000 products can be thousands: it counts at most
/// <see cref="MaxCounted"/> + 1 of them (no rank computed), and reads only the ids of the page it shows.
/// Best match ranks at most <see cref="MaxCounted"/> candidates, the newest matches, so with up to that many matches
/// the order is exactly by rank; the store hands over their ids and ranks, and the page is picked from them in memory
/// (<see cref="BestMatches"/>: sorting a thousand numbers there cost less than the store's temporary B-trees did). The
/// other sorts walk their listing index (ProductConfiguration) and stop at the page. On SQLite, without a category,
/// the count and Best match read only the FTS5 index (the ProductSearchPrefixes migration gave it prefix indexes):
/// reading each candidate's product row cost more than ranking it.
/// </remarks>
internal static class ProductSearchIndex
{
    /// <summary>A search counts and ranks at most this many matches; past it the page says "1,000+".</summary>
    public const int MaxCounted = 1000;

    /// <summary>
    /// The matches, counted up to <see cref="MaxCounted"/> + 1 at most. <paramref name="unpublished"/>: the ids of the
    /// products not on sale when few (<see cref="CatalogLookups.UnpublishedIdsAsync"/>), else null.
    /// </summary>
    public static Task<int> CountAsync(
        ShopDbContext db, IReadOnlyList<string> words, int? categoryId, IReadOnlyList<int>? unpublished, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var indexOnly = IndexOnly(postgres, categoryId, unpublished);
        var sql = $"""
            SELECT count(*) AS "Value" FROM (
                SELECT 1 FROM {(indexOnly ? IndexOnlyFrom : From(postgres))} WHERE {(indexOnly ? IndexOnlyWhere(unpublished!) : Where(postgres, categoryId))}
                LIMIT {MaxCounted + 1}) AS m
            """;
        return db.Database.SqlQueryRaw<int>(sql, Parameters(postgres, words, categoryId, indexOnly ? unpublished : null)).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Best match's candidates, in one statement: the newest matches, at most <see cref="MaxCounted"/> + 1, read straight
    /// from the index and ranked as they are read. Their count, and any page of the first <see cref="MaxCounted"/> of
    /// them by rank (then name), come from them (<see cref="BestMatches"/>): with up to that many matches, exactly the
    /// order of ranking every match.
    /// </summary>
    public static async Task<BestMatches> BestMatchAsync(
        ShopDbContext db, IReadOnlyList<string> words, int? categoryId, IReadOnlyList<int>? unpublished, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var indexOnly = IndexOnly(postgres, categoryId, unpublished);
        // PostgreSQL would rank every match before the sort by id if asked in the same SELECT: it ranks the candidates
        // read first, as SQLite's bm25 (which must be asked in the FTS query itself) ranks only the rows the LIMIT lets
        // through. ts_rank: the name is weighted A and the description B (see the Postgres ProductSearch migration); its
        // weights run D, C, B, A. Higher is better there, lower here, as with bm25. On SQLite without a category, only
        // the index is read (<see cref="IndexOnly"/>): reading a product's row for each candidate cost more than ranking it.
        var sql = postgres
            ? $"""
                SELECT "Id", -ts_rank(ARRAY[0, 0, 0.1, 1]::real[], "SearchVector", query)::double precision AS "Rank" FROM (
                    SELECT p."Id", p."SearchVector", q.query FROM {From(postgres)} WHERE {Where(postgres, categoryId)}
                    ORDER BY p."Id" DESC LIMIT {MaxCounted + 1}) AS newest
                ORDER BY "Id" DESC
                """
            : indexOnly
                ? $"""
                    SELECT s.rowid AS "Id", bm25("ProductSearch", 10.0, 1.0) AS "Rank" FROM {IndexOnlyFrom} WHERE {IndexOnlyWhere(unpublished!)}
                    ORDER BY s.rowid DESC LIMIT {MaxCounted + 1}
                    """
                : $"""
                    SELECT p."Id", bm25("ProductSearch", 10.0, 1.0) AS "Rank" FROM {From(postgres)} WHERE {Where(postgres, categoryId)}
                    ORDER BY s.rowid DESC LIMIT {MaxCounted + 1}
                    """;
        var parameters = Parameters(postgres, words, categoryId, indexOnly ? unpublished : null);
        return new BestMatches(await db.Database.SqlQueryRaw<RankedId>(sql, parameters).ToListAsync(cancellationToken));
    }

    /// <summary>A candidate of <see cref="BestMatchAsync"/>: lower ranks better.</summary>
    internal sealed class RankedId
    {
        public int Id { get; init; }

        public double Rank { get; init; }
    }

    /// <summary>
    /// The ids of one page of the matches in a sort other than Best match. <paramref name="manyMatches"/>: the count reached
    /// <see cref="MaxCounted"/>, so a sort walks its index rather than sorting the matches.
    /// </summary>
    public static Task<List<int>> PageAsync(
        ShopDbContext db, IReadOnlyList<string> words, int? categoryId, string sort, bool manyMatches, int skip, int take, CancellationToken cancellationToken)
    {
        var postgres = db.Database.IsNpgsql();
        var parameters = Parameters(postgres, words, categoryId);
        var order = Orders[sort];
        string sql;
        if (postgres || !manyMatches)
        {
            // PostgreSQL's planner weighs the GIN index against the sort's own from its statistics. On SQLite, a few
            // matches are fewer rows to sort than the index would walk past.
            sql = $"""
                SELECT p."Id" AS "Value" FROM {From(postgres)} WHERE {Where(postgres, categoryId)}
                ORDER BY {order.OrderBy} LIMIT {take} OFFSET {skip}
                """;
        }
        else
        {
            // Many matches on SQLite: the sort's listing index read in order, each product looked up in the set of
            // matching ids (read from the index once, without rank), until the page is full.
            var index = categoryId is null ? $"IX_Products_{order.Index}" : $"IX_Products_Category{order.Index}";
            sql = $"""
                SELECT p."Id" AS "Value" FROM "Products" AS p INDEXED BY "{index}"
                WHERE p."IsPublished"{(categoryId is null ? "" : " AND p.\"CategoryId\" = @category")}
                    AND p."Id" IN (SELECT rowid FROM "ProductSearch" WHERE "ProductSearch" MATCH @match)
                ORDER BY {order.OrderBy} LIMIT {take} OFFSET {skip}
                """;
        }

        return db.Database.SqlQueryRaw<int>(sql, parameters).ToListAsync(cancellationToken);
    }

    /// <summary>Each sort's order, as its listing index (ProductConfiguration) holds it, and that index's name.</summary>
    private static readonly Dictionary<string, (string OrderBy, string Index)> Orders = new()
    {
        ["price-asc"] = ("p.\"LowestPriceMinor\", p.\"Name\", p.\"Id\"", "PriceAsc"),
        ["price-desc"] = ("p.\"LowestPriceMinor\" DESC, p.\"Name\", p.\"Id\"", "PriceDesc"),
        ["newest"] = ("p.\"CreatedAt\" DESC, p.\"Name\", p.\"Id\"", "Newest"),
        ["name"] = ("p.\"Name\", p.\"Id\"", "Name"),
    };

    /// <summary>Whether a sort is one of the listing orders (not Best match, which ranks).</summary>
    public static bool IsListingOrder(string sort) => Orders.ContainsKey(sort);

    private static string From(bool postgres) => postgres
        ? "\"Products\" AS p, to_tsquery('shop_search', @match) AS q(query)"
        : "\"ProductSearch\" AS s JOIN \"Products\" AS p ON p.\"Id\" = s.rowid";

    private static string Where(bool postgres, int? categoryId) =>
        (postgres ? "p.\"SearchVector\" @@ q.query" : "\"ProductSearch\" MATCH @match")
        + " AND p.\"IsPublished\""
        + (categoryId is null ? "" : " AND p.\"CategoryId\" = @category");

    /// <summary>
    /// Whether a search can leave the products' rows unread until the page: on SQLite, without a category, when the
    /// products not on sale are few enough to be left out of the index's matches by id.
    /// </summary>
    private static bool IndexOnly(bool postgres, int? categoryId, IReadOnlyList<int>? unpublished) =>
        !postgres && categoryId is null && unpublished is not null;

    private const string IndexOnlyFrom = "\"ProductSearch\" AS s";

    private static string IndexOnlyWhere(IReadOnlyList<int> unpublished) =>
        "\"ProductSearch\" MATCH @match" + (unpublished.Count == 0 ? "" : " AND s.rowid NOT IN (SELECT value FROM json_each(@unpublished))");

    private static object[] Parameters(bool postgres, IReadOnlyList<string> words, int? categoryId, IReadOnlyList<int>? unpublished = null)
    {
        object match = postgres ? PostgresQuery(words) : SqliteQuery(words);
        var parameters = new List<object> { Parameter(postgres, "match", match) };
        if (categoryId is { } id)
        {
            parameters.Add(Parameter(postgres, "category", id));
        }

        if (unpublished is { Count: > 0 })
        {
            parameters.Add(Parameter(postgres, "unpublished", $"[{string.Join(',', unpublished)}]"));
        }

        return [.. parameters];
    }

    private static System.Data.Common.DbParameter Parameter(bool postgres, string name, object value) => postgres
        ? new Npgsql.NpgsqlParameter(name, value)
        : new Microsoft.Data.Sqlite.SqliteParameter(name, value);

    private static string SqliteQuery(IReadOnlyList<string> words) =>
        string.Join(' ', words.Select(w => $"\"{w.Replace("\"", "", StringComparison.Ordinal)}\"*"));

    private static string PostgresQuery(IReadOnlyList<string> words) =>
        string.Join(" & ", words.Select(w => $"'{w.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal)}':*"));
}
