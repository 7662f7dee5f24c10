using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.PagePolicy)]
public sealed class DetailsModel(ShopDbContext db) : PageModel
{
    public Product Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? slug)
    {
        // Slugs are lower-case, and the cache key ignores the path's case: /products/Jug is /products/jug.
        if (string.IsNullOrEmpty(slug))
        {
            return NotFound(); // a blank slug in the address arrives as null
        }

        slug = slug.ToLowerInvariant();
        var product = await db.Products.AsNoTracking().Include(p => p.Category)
            .FirstOrDefaultAsync(p => p.Slug == slug && p.IsPublished);
        if (product is null)
        {
            return NotFound();
        }

        Product = product;
        CatalogCache.Shows(HttpContext, [product.Id]);
        return Page();
    }
}
