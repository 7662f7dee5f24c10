using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The SQLite side of catalog search: the FTS5 index the ProductSearch migration creates and its triggers keep in
/// step. Each word becomes a quoted prefix term, so user input is never FTS syntax (no operators, no columns).
/// </summary>
internal static class ProductSearchIndex
{
    // bm25 weights: a word in the name counts ten times one in the description.
    public static IQueryable<SearchMatch> Matching(ShopDbContext db, IReadOnlyList<string> words)
    {
        var match = string.Join(' ', words.Select(w => $"\"{w.Replace("\"", "", StringComparison.Ordinal)}\"*"));
        return db.Database.SqlQuery<SearchMatch>(
            $"""SELECT rowid AS "ProductId", bm25("ProductSearch", 10.0, 1.0) AS "Rank" FROM "ProductSearch" WHERE "ProductSearch" MATCH {match}""");
    }
}

/// <summary>A product that matches a search, and how well: a lower rank is a better match.</summary>
public sealed class SearchMatch
{
    public int ProductId { get; init; }

    public double Rank { get; init; }
}
