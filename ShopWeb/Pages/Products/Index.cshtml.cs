using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;

namespace ShopWeb.Pages.Products;

[OutputCache(PolicyName = CatalogCache.ListingPolicy)]
[KeepFragments]
public sealed class IndexModel(CatalogSearch catalog, CatalogFragments fragments) : PageModel
{
    public CatalogPage Result { get; private set; } = null!;

    public string Title { get; private set; } = "";

    // The same normalised query the cache key is made of, so from the query string only: model binding would
    // otherwise take a form body first, which the key never sees. "page" is also Razor Pages' own route value.
    public async Task OnGetAsync([FromQuery] string? q, [FromQuery] string? category, [FromQuery] string? sort, [FromQuery(Name = "page")] string? pageNumber)
    {
        var query = CatalogQuery.From(q, category, sort, pageNumber);
        var key = "listing:" + query.Url();
        if (fragments.Find(HttpContext, key) is { } kept)
        {
            Title = kept.Title; // the filters, the grid and the pages come from the fragment cache
            return;
        }

        Result = await catalog.RunAsync(query);
        Title = Result.Category?.Name ?? (Result.Query.Search is null ? "Products" : $"Search: {Result.Query.Search}");
        fragments.Record(HttpContext, key, Title);
        CatalogCache.Shows(HttpContext, Result.Products.Select(p => p.Id));
    }
}
