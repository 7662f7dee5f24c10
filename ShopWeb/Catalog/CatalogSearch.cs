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
            var products = Matching(query, category);
            total = await products.CountAsync(cancellationToken);
            (lastPage, page) = PageOf(total, query);
            var ordered = query.Sort switch
            {
                "price-asc" => products.OrderBy(r => r.Product.PriceMinor).ThenBy(r => r.Product.Name),
                "price-desc" => products.OrderByDescending(r => r.Product.PriceMinor).ThenBy(r => r.Product.Name),
                "newest" => products.OrderByDescending(r => r.Product.CreatedAt).ThenBy(r => r.Product.Name),
                "name" => products.OrderBy(r => r.Product.Name),
                _ => products.OrderBy(r => r.Rank).ThenBy(r => r.Product.Name),
            };
            items = await ordered.ThenBy(r => r.Product.Id)
                .Skip((page - 1) * query.PageSize).Take(query.PageSize)
                .Select(r => r.Product).Select(ProductTile.Of)
                .ToListAsync(cancellationToken);
        }

        var fewerWords = new List<SearchSuggestion>();
        if (total == 0)
        {
            foreach (var fewer in query.WithOneWordFewer())
            {
                if (await Matching(fewer, category).CountAsync(cancellationToken) is > 0 and var found)
                {
                    fewerWords.Add(new SearchSuggestion(fewer, found));
                }
            }
        }

        return new CatalogPage(query with { Page = page }, categories, category, query.Category is not null && category is null, items, total, lastPage, fewerWords);
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

    private IQueryable<RankedProduct> Matching(CatalogQuery query, Category? category)
    {
        var products = db.Products.AsNoTracking().Where(p => p.IsPublished);
        if (category is not null)
        {
            products = products.Where(p => p.CategoryId == category.Id);
        }

        return query.Words.Count == 0
            ? products.Select(p => new RankedProduct { Product = p, Rank = 0 })
            : products.Join(ProductSearchIndex.Matching(db, query.Words), p => p.Id, m => m.ProductId, (p, m) => new RankedProduct { Product = p, Rank = m.Rank });
    }

    private sealed class RankedProduct
    {
        public required Product Product { get; init; }

        public double Rank { get; init; }
    }
}

/// <summary>
/// A product in a listing: its lowest and highest price over the variants on sale ("from €X" when they differ), and
/// the stock of those variants together, so it is "sold out" only when every variant is.
/// </summary>
public sealed record ProductTile(int Id, string Name, string Slug, long PriceMinor, long MaxPriceMinor, int Stock, string ImagePath)
{
    public bool PricesDiffer => MaxPriceMinor != PriceMinor;

    /// <summary>The one projection of a product into a tile, for every listing, compiled or not.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Product, ProductTile>> Of = p => new ProductTile(
        p.Id, p.Name, p.Slug,
        p.Variants.Where(v => v.IsOnSale).Min(v => (long?)(v.PriceMinor ?? p.PriceMinor)) ?? p.PriceMinor,
        p.Variants.Where(v => v.IsOnSale).Max(v => (long?)(v.PriceMinor ?? p.PriceMinor)) ?? p.PriceMinor,
        p.Variants.Where(v => v.IsOnSale).Sum(v => v.Stock),
        p.ImagePath);
}

/// <summary>A search that finds something, offered when the one asked for found nothing.</summary>
public sealed record SearchSuggestion(CatalogQuery Query, int Total);

public sealed record CatalogPage(
    CatalogQuery Query,
    IReadOnlyList<Category> Categories,
    Category? Category,
    bool UnknownCategory,
    IReadOnlyList<ProductTile> Products,
    int Total,
    int LastPage,
    IReadOnlyList<SearchSuggestion> FewerWords);
