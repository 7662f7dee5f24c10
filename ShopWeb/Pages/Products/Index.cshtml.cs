using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Catalog;

namespace ShopWeb.Pages.Products;

public sealed class IndexModel(CatalogSearch catalog) : PageModel
{
    public CatalogPage Result { get; private set; } = null!;

    // "page" is also Razor Pages' own route value (the page's name), so the query string is read explicitly.
    public async Task OnGetAsync(string? q, string? category, string? sort, [FromQuery(Name = "page")] string? pageNumber) =>
        Result = await catalog.RunAsync(CatalogQuery.From(q, category, sort, pageNumber));
}
