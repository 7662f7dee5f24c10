using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The catalog queries every uncached page runs, compiled once: EF skips turning the LINQ into SQL on each request.
/// </summary>
internal static class CatalogQueries
{
    public static readonly Func<ShopDbContext, int, IAsyncEnumerable<ProductTile>> Featured =
        EF.CompileAsyncQuery((ShopDbContext db, int count) => db.Products.AsNoTracking()
            .Where(p => p.IsPublished && p.FeaturedRank != null).OrderBy(p => p.FeaturedRank).Take(count)
            .Select(p => new ProductTile(p.Id, p.Name, p.Slug, p.PriceMinor, p.Stock, p.ImagePath)));

    /// <summary>A published product by its (lower-case) slug, with its category.</summary>
    public static readonly Func<ShopDbContext, string, Task<Product?>> PublishedBySlug =
        EF.CompileAsyncQuery((ShopDbContext db, string slug) => db.Products.AsNoTracking().Include(p => p.Category)
            .FirstOrDefault(p => p.Slug == slug && p.IsPublished));
}
