using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.ListingPolicy)]
public sealed class IndexModel(CatalogSearch catalog) : PageModel
{
    public CatalogPage Result { get; private set; } = null!;

    // Read from the query as the cache key is ("page" is also Razor Pages' own route value, the page's name).
    public async Task OnGetAsync()
    {
        Result = await catalog.RunAsync(CatalogQuery.From(Request.Query));
        CatalogCache.Shows(HttpContext, Result.Products.Select(p => p.Id));
    }
}
