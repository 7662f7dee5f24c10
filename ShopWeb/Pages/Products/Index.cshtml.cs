using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.ListingPolicy)]
public sealed class IndexModel(CatalogSearch catalog) : PageModel
{
    public CatalogPage Result { get; private set; } = null!;

    // The same normalised query the cache key is made of. "page" is also Razor Pages' own route value (the page's
    // name), so it is read from the query string explicitly.
    public async Task OnGetAsync(string? q, string? category, string? sort, [FromQuery(Name = "page")] string? pageNumber)
    {
        Result = await catalog.RunAsync(CatalogQuery.From(q, category, sort, pageNumber));
        CatalogCache.Shows(HttpContext, Result.Products.Select(p => p.Id));
    }
}
