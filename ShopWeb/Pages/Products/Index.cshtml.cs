using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.ListingPolicy)]
public sealed class IndexModel(CatalogSearch catalog) : PageModel
{
    public CatalogPage Result { get; private set; } = null!;

    // The same normalised query the cache key is made of, so from the query string only: model binding would
    // otherwise take a form body first, which the key never sees. "page" is also Razor Pages' own route value.
    public async Task OnGetAsync([FromQuery] string? q, [FromQuery] string? category, [FromQuery] string? sort, [FromQuery(Name = "page")] string? pageNumber)
    {
        Result = await catalog.RunAsync(CatalogQuery.From(q, category, sort, pageNumber));
        CatalogCache.Shows(HttpContext, Result.Products.Select(p => p.Id));
    }
}
