using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog;

/// <summary>The catalog's one query: search, filter, sort and a page of results, all done by the database.</summary>
public sealed class CatalogSearch(ShopDbContext db, CatalogLookups lookups)
{
    public async Task<CatalogPage> RunAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        var categories = await lookups.CategoriesAsync(db, cancellationToken);
        var category = query.Category is null ? null : categories.FirstOrDefault(c => c.Slug == query.Category);

        int total, lastPage, page;
        var moreThanTotal = false;
        IReadOnlyList<int>? unpublished = null;
        List<ProductTile> items;
        if (query.Words.Count == 0)
        {
            // Most pages: a listing, its count from memory and its page from a compiled query.
            total = await lookups.OnSaleCountAsync(db, category?.Id, cancellationToken);
            (lastPage, page) = PageOf(total, query);
            items = await CatalogQueries.Listing(query.Sort, category is not null)(db, category?.Id ?? 0, (page - 1) * query.PageSize, query.PageSize)
                .ToListAsync(cancellationToken);
        }
        else
        {
            // Counted up to one past the cap, and the pages go as far as the cap: "1,000+ products". On SQLite, in a
            // catalog larger than the cap, the few products not on sale are left out by id, so that neither the count
            // nor the ranking reads a product's row; a smaller catalog reads its few rows in a cheaper statement.
            unpublished = db.Database.IsNpgsql() || await lookups.OnSaleCountAsync(db, null, cancellationToken) <= ProductSearchIndex.MaxCounted
                ? null : await lookups.UnpublishedIdsAsync(db, cancellationToken);
            if (ProductSearchIndex.IsListingOrder(query.Sort))
            {
                var counted = await ProductSearchIndex.CountAsync(db, query.Words, category?.Id, unpublished, cancellationToken);
                (total, moreThanTotal, lastPage, page) = Capped(counted, query);
                var skip = (page - 1) * query.PageSize;
                var ids = total == 0 ? [] : await ProductSearchIndex.PageAsync(
                    db, query.Words, category?.Id, query.Sort, moreThanTotal, skip, Math.Min(query.PageSize, total - skip), cancellationToken);
                items = await TilesAsync(ids, cancellationToken);
            }
            else
            {
                // Best match counts and ranks its candidates in one statement; the page asked for (past the last page,
                // the last one) is cut from them.
                var matches = await ProductSearchIndex.BestMatchAsync(db, query.Words, category?.Id, unpublished, cancellationToken);
                (total, moreThanTotal, lastPage, page) = Capped(matches.Counted, query);
                var ids = total == 0 ? [] : await matches.PageAsync((page - 1) * query.PageSize, query.PageSize,
                    tied => db.Products.Where(p => tied.Contains(p.Id)).OrderBy(p => p.Name).ThenBy(p => p.Id).Select(p => p.Id).ToListAsync(cancellationToken));
                items = await TilesAsync(ids, cancellationToken);
            }
        }

        var fewerWords = new List<SearchSuggestion>();
        if (total == 0)
        {
            foreach (var fewer in query.WithOneWordFewer())
            {
                if (await ProductSearchIndex.CountAsync(db, fewer.Words, category?.Id, unpublished, cancellationToken) is > 0 and var found)
                {
                    fewerWords.Add(new SearchSuggestion(fewer, Math.Min(found, ProductSearchIndex.MaxCounted), found > ProductSearchIndex.MaxCounted));
                }
            }
        }

        return new CatalogPage(query with { Page = page }, categories, category, query.Category is not null && category is null, items, total, lastPage, fewerWords)
        {
            MoreThanTotal = moreThanTotal,
        };
    }

    /// <summary>The featured products, from memory.</summary>
    public Task<IReadOnlyList<ProductTile>> FeaturedAsync(CancellationToken cancellationToken = default) =>
        lookups.FeaturedAsync(db, cancellationToken);

    /// <summary>The categories in shop order, from memory.</summary>
    public Task<IReadOnlyList<Category>> CategoriesAsync(CancellationToken cancellationToken = default) =>
        lookups.CategoriesAsync(db, cancellationToken);

    private static (int LastPage, int Page) PageOf(int total, CatalogQuery query)
    {
        var lastPage = Paging.LastPage(total, query.PageSize);
        return (lastPage, Math.Min(query.Page, lastPage));
    }

    private static (int Total, bool MoreThanTotal, int LastPage, int Page) Capped(int counted, CatalogQuery query)
    {
        var total = Math.Min(counted, ProductSearchIndex.MaxCounted);
        var (lastPage, page) = PageOf(total, query);
        return (total, counted > ProductSearchIndex.MaxCounted, lastPage, page);
    }

    /// <summary>The tiles of the page's products only, in the order the search gave their ids.</summary>
    private async Task<List<ProductTile>> TilesAsync(List<int> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // IsPublished again: the ids of the products not on sale that the search left out by id come from memory.
        var tiles = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.IsPublished).Select(ProductTile.Of).ToListAsync(cancellationToken);
        return tiles.OrderBy(t => ids.IndexOf(t.Id)).ToList();
    }
}

/// <summary>
/// A product in a listing: its lowest and highest price over the variants on sale ("from €X" when they differ; the
/// lowest as the store keeps it for sorting, <see cref="Product.LowestPriceMinor"/>), and
/// the stock of those variants together, so it is "sold out" only when every variant is.
/// </summary>
public sealed record ProductTile(int Id, string Name, string Slug, long PriceMinor, long MaxPriceMinor, int Stock, string ImagePath)
{
    public bool PricesDiffer => MaxPriceMinor != PriceMinor;

    /// <summary>The one projection of a product into a tile, for every listing, compiled or not.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Product, ProductTile>> Of = p => new ProductTile(
        p.Id, p.Name, p.Slug,
        p.LowestPriceMinor,
        p.Variants.Where(v => v.IsOnSale).Max(v => (long?)(v.PriceMinor ?? p.PriceMinor)) ?? p.PriceMinor,
        p.Variants.Where(v => v.IsOnSale).Sum(v => v.Stock),
        p.ImagePath);
}

/// <summary>A search that finds something, offered when the one asked for found nothing; <paramref name="MoreThanTotal"/> as in <see cref="CatalogPage"/>.</summary>
public sealed record SearchSuggestion(CatalogQuery Query, int Total, bool MoreThanTotal = false)
{
    public string TotalText => CatalogPage.CountText(Total, MoreThanTotal);
}

public sealed record CatalogPage(
    CatalogQuery Query,
    IReadOnlyList<Category> Categories,
    Category? Category,
    bool UnknownCategory,
    IReadOnlyList<ProductTile> Products,
    int Total,
    int LastPage,
    IReadOnlyList<SearchSuggestion> FewerWords)
{
    /// <summary>
    /// A search found more than <see cref="Total"/> (1,000) products and stopped counting: the pages show those first
    /// 1,000, and the page says "1,000+ products".
    /// </summary>
    public bool MoreThanTotal { get; init; }

    /// <summary>"1 product", "12 products", "1,000+ products".</summary>
    public static string CountText(int total, bool moreThanTotal) => (total, moreThanTotal) switch
    {
        (_, true) => $"{Paging.Number(total)}+ products",
        _ => Paging.Count(total, "product", "products"),
    };
}
