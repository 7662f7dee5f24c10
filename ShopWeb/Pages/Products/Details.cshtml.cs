using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.PagePolicy)]
public sealed class DetailsModel(ShopDbContext db) : PageModel
{
    public Product Product { get; private set; } = null!;

    /// <summary>The variant shown: the first on sale with stock, else the first.</summary>
    public ProductVariant Variant { get; private set; } = null!;

    // From the path only, which the cache key is made of: model binding would otherwise take a form body first.
    public async Task<IActionResult> OnGetAsync([FromRoute] string? slug)
    {
        // Slugs are lower-case, and the cache key ignores the path's case: /products/Jug is /products/jug.
        if (string.IsNullOrEmpty(slug))
        {
            return NotFound(); // a blank slug in the address arrives as null
        }

        slug = slug.ToLowerInvariant();
        var product = await CatalogQueries.PublishedBySlug(db, slug);
        if (product is null)
        {
            return NotFound();
        }

        Product = product;
        Variant = product.Variants.FirstOrDefault(v => v.IsOnSale && v.Stock > 0) ?? product.Variants[0];
        CatalogCache.Shows(HttpContext, [product.Id]);
        return Page();
    }
}
