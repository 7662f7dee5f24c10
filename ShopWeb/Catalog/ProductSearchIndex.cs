using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The store's side of catalog search: every word must begin a word of the name or the description, and a word in the
/// name counts ten times one in the description. SQLite uses the FTS5 index of the ProductSearch migration, PostgreSQL
/// the tsvector column and GIN index of its own; triggers or a generated column keep each in step. Each word goes in
/// as a quoted prefix term, so user input is never query syntax (no operators, no columns).
/// </summary>
internal static class ProductSearchIndex
{
    public static IQueryable<SearchMatch> Matching(ShopDbContext db, IReadOnlyList<string> words) =>
        db.Database.IsNpgsql() ? MatchingOnPostgres(db, words) : MatchingOnSqlite(db, words);

    private static IQueryable<SearchMatch> MatchingOnSqlite(ShopDbContext db, IReadOnlyList<string> words)
    {
        var match = string.Join(' ', words.Select(w => $"\"{w.Replace("\"", "", StringComparison.Ordinal)}\"*"));
        return db.Database.SqlQuery<SearchMatch>(
            $"""SELECT rowid AS "ProductId", bm25("ProductSearch", 10.0, 1.0) AS "Rank" FROM "ProductSearch" WHERE "ProductSearch" MATCH {match}""");
    }

    // The name is weighted A and the description B (see the Postgres ProductSearch migration); ts_rank's weights
    // run D, C, B, A. Higher is better there, lower here, as with bm25.
    private static IQueryable<SearchMatch> MatchingOnPostgres(ShopDbContext db, IReadOnlyList<string> words)
    {
        var query = string.Join(" & ", words.Select(w => $"'{w.Replace("'", "''", StringComparison.Ordinal).Replace("\\", "\\\\", StringComparison.Ordinal)}':*"));
        return db.Database.SqlQuery<SearchMatch>($"""
            SELECT p."Id" AS "ProductId", -ts_rank(ARRAY[0, 0, 0.1, 1]::real[], p."SearchVector", q.query)::double precision AS "Rank"
            FROM "Products" AS p, to_tsquery('shop_search', {query}) AS q(query)
            WHERE p."SearchVector" @@ q.query
            """);
    }
}

/// <summary>A product that matches a search, and how well: a lower rank is a better match.</summary>
public sealed class SearchMatch
{
    public int ProductId { get; init; }

    public double Rank { get; init; }
}
