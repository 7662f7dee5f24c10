using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.ProductPagePolicy)]
[KeepFragments]
public sealed class DetailsModel(ShopDbContext db, CatalogFragments fragments) : PageModel
{
    public Product Product { get; private set; } = null!;

    public string Title { get; private set; } = "";

    /// <summary>The variant or combination the address names (VariantChoice).</summary>
    public VariantChoice Choice { get; private set; } = null!;

    // From the path and the query only, which the cache key is made of (ProductPagePolicy): model binding would
    // otherwise take a form body first.
    public async Task<IActionResult> OnGetAsync([FromRoute] string? slug)
    {
        // Slugs are lower-case, and the cache key ignores the path's case: /products/Jug is /products/jug.
        if (string.IsNullOrEmpty(slug))
        {
            return NotFound(); // a blank slug in the address arrives as null
        }

        slug = slug.ToLowerInvariant();

        // Keyed as the page cache keys it; only a page that answered 200 was kept, so a kept key is never a redirect.
        var key = $"product:{slug}?{VariantChoice.CacheKey(Request.Query)}";
        if (fragments.Find(HttpContext, key) is { } kept)
        {
            Title = kept.Title; // the body, its variant data and head tags come from the fragment cache
            return Page();
        }

        var product = await CatalogQueries.PublishedBySlug(db, slug);
        if (product is null)
        {
            return NotFound();
        }

        Choice = VariantChoice.Resolve(product, Request.Query);
        if (Choice.RedirectTo is { } address)
        {
            return Redirect(address);
        }

        Product = product;
        Title = product.Name;
        fragments.Record(HttpContext, key, Title);
        CatalogCache.Shows(HttpContext, [product.Id]);
        return Page();
    }
}
