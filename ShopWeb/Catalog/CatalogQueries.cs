using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Catalog;

/// <summary>
/// The catalog queries every uncached page runs, compiled once: EF skips turning the LINQ into SQL (and hashing it
/// to find it in its cache) on each request. A search joins the search index and is not among them.
/// Each listing order has its index (ProductConfiguration), so a page is read in order, never sorted.
/// </summary>
internal static class CatalogQueries
{
    public static readonly Func<ShopDbContext, int, IAsyncEnumerable<ProductTile>> Featured =
        EF.CompileAsyncQuery((ShopDbContext db, int count) => db.Products.AsNoTracking()
            .Where(p => p.IsPublished && p.FeaturedRank != null).OrderBy(p => p.FeaturedRank).Take(count)
            .Select(ProductTile.Of));

    /// <summary>A published product by its (lower-case) slug, with its category, options and variants in order.</summary>
    public static async Task<Product?> PublishedBySlug(ShopDbContext db, string slug)
    {
        var product = await PublishedProductBySlug(db, slug);
        if (product is not null)
        {
            // A query of their own, not an Include: a product may have 2,048 variants, which EF reads several times
            // faster as plain rows than as a collection to fix up under its product.
            await foreach (var variant in VariantsOf(db, product.Id))
            {
                product.Variants.Add(variant);
            }
        }

        return product;
    }

    private static readonly Func<ShopDbContext, string, Task<Product?>> PublishedProductBySlug =
        EF.CompileAsyncQuery((ShopDbContext db, string slug) => db.Products.AsNoTracking().Include(p => p.Category)
            .Include(p => p.Options.OrderBy(o => o.Position)).FirstOrDefault(p => p.Slug == slug && p.IsPublished));

    private static readonly Func<ShopDbContext, int, IAsyncEnumerable<ProductVariant>> VariantsOf =
        EF.CompileAsyncQuery((ShopDbContext db, int productId) => db.ProductVariants.AsNoTracking()
            .Where(v => v.ProductId == productId).OrderBy(v => v.Position).ThenBy(v => v.Id).AsQueryable());

    /// <summary>A page of a listing without search words (db, category id, products to skip, page size), by its sort.</summary>
    public static Func<ShopDbContext, int, int, int, IAsyncEnumerable<ProductTile>> Listing(string sort, bool inCategory)
    {
        var orders = inCategory ? InCategory : Everything;
        return orders.GetValueOrDefault(sort) ?? orders["featured"];
    }

    private static readonly Dictionary<string, Func<ShopDbContext, int, int, int, IAsyncEnumerable<ProductTile>>> Everything = new()
    {
        ["featured"] = Page((db, _) => db.Products.Where(p => p.IsPublished).OrderBy(p => p.ListRank).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["price-asc"] = Page((db, _) => db.Products.Where(p => p.IsPublished).OrderBy(p => p.LowestPriceMinor).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["price-desc"] = Page((db, _) => db.Products.Where(p => p.IsPublished).OrderByDescending(p => p.LowestPriceMinor).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["newest"] = Page((db, _) => db.Products.Where(p => p.IsPublished).OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["name"] = Page((db, _) => db.Products.Where(p => p.IsPublished).OrderBy(p => p.Name).ThenBy(p => p.Id)),
    };

    private static readonly Dictionary<string, Func<ShopDbContext, int, int, int, IAsyncEnumerable<ProductTile>>> InCategory = new()
    {
        ["featured"] = Page((db, c) => db.Products.Where(p => p.IsPublished && p.CategoryId == c).OrderBy(p => p.ListRank).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["price-asc"] = Page((db, c) => db.Products.Where(p => p.IsPublished && p.CategoryId == c).OrderBy(p => p.LowestPriceMinor).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["price-desc"] = Page((db, c) => db.Products.Where(p => p.IsPublished && p.CategoryId == c).OrderByDescending(p => p.LowestPriceMinor).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["newest"] = Page((db, c) => db.Products.Where(p => p.IsPublished && p.CategoryId == c).OrderByDescending(p => p.CreatedAt).ThenBy(p => p.Name).ThenBy(p => p.Id)),
        ["name"] = Page((db, c) => db.Products.Where(p => p.IsPublished && p.CategoryId == c).OrderBy(p => p.Name).ThenBy(p => p.Id)),
    };

    /// <summary>Compiles one listing order into "skip this many, take a page of this size, as tiles".</summary>
    private static Func<ShopDbContext, int, int, int, IAsyncEnumerable<ProductTile>> Page(Expression<Func<ShopDbContext, int, IOrderedQueryable<Product>>> ordered)
    {
        var (db, categoryId, skip, take) = (Expression.Parameter(typeof(ShopDbContext), "db"), Expression.Parameter(typeof(int), "categoryId"),
            Expression.Parameter(typeof(int), "skip"), Expression.Parameter(typeof(int), "take"));
        var products = new ReplaceParameters(new() { [ordered.Parameters[0]] = db, [ordered.Parameters[1]] = categoryId }).Visit(ordered.Body);
        Expression<Func<IOrderedQueryable<Product>, int, int, IQueryable<ProductTile>>> page = (list, from, size) => list.AsNoTracking().Skip(from).Take(size)
            .Select(ProductTile.Of);
        var body = new ReplaceParameters(new() { [page.Parameters[0]] = products, [page.Parameters[1]] = skip, [page.Parameters[2]] = take }).Visit(page.Body);
        return EF.CompileAsyncQuery(Expression.Lambda<Func<ShopDbContext, int, int, int, IQueryable<ProductTile>>>(body, db, categoryId, skip, take));
    }

    private sealed class ReplaceParameters(Dictionary<ParameterExpression, Expression> replacements) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            replacements.TryGetValue(node, out var replacement) ? replacement : base.VisitParameter(node);
    }
}
