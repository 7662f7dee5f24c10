using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog;

/// <summary>The catalog's one query: search, filter, sort and a page of results, all done by the database.</summary>
public sealed class CatalogSearch(ShopDbContext db)
{
    public async Task<CatalogPage> RunAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync(cancellationToken);
        var category = query.Category is null ? null : categories.FirstOrDefault(c => c.Slug == query.Category);

        var products = db.Products.AsNoTracking().Where(p => p.IsPublished);
        if (category is not null)
        {
            products = products.Where(p => p.CategoryId == category.Id);
        }

        foreach (var word in query.Words)
        {
            var pattern = LikePattern.Containing(word);
            products = products.Where(p => EF.Functions.Like(p.SearchText, pattern, LikePattern.Escape));
        }

        var total = await products.CountAsync(cancellationToken);
        var lastPage = Paging.LastPage(total, CatalogQuery.PageSize);
        var page = Math.Min(query.Page, lastPage);
        var ordered = query.Sort switch
        {
            "price-asc" => products.OrderBy(p => p.PriceMinor).ThenBy(p => p.Name),
            "price-desc" => products.OrderByDescending(p => p.PriceMinor).ThenBy(p => p.Name),
            "newest" => products.OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Name),
            "name" => products.OrderBy(p => p.Name),
            _ => products.OrderBy(p => p.FeaturedRank == null).ThenBy(p => p.FeaturedRank).ThenBy(p => p.Name),
        };
        var items = await ordered.ThenBy(p => p.Id)
            .Skip((page - 1) * CatalogQuery.PageSize).Take(CatalogQuery.PageSize)
            .Select(p => new ProductTile(p.Id, p.Name, p.Slug, p.PriceMinor, p.Stock, p.ImagePath))
            .ToListAsync(cancellationToken);

        return new CatalogPage(query with { Page = page }, categories, category, query.Category is not null && category is null, items, total, lastPage);
    }

    public async Task<IReadOnlyList<ProductTile>> FeaturedAsync(int count, CancellationToken cancellationToken = default) =>
        await db.Products.AsNoTracking().Where(p => p.IsPublished && p.FeaturedRank != null).OrderBy(p => p.FeaturedRank).Take(count)
            .Select(p => new ProductTile(p.Id, p.Name, p.Slug, p.PriceMinor, p.Stock, p.ImagePath))
            .ToListAsync(cancellationToken);
}

public sealed record ProductTile(int Id, string Name, string Slug, long PriceMinor, int Stock, string ImagePath);

public sealed record CatalogPage(
    CatalogQuery Query,
    IReadOnlyList<Category> Categories,
    Category? Category,
    bool UnknownCategory,
    IReadOnlyList<ProductTile> Products,
    int Total,
    int LastPage);
