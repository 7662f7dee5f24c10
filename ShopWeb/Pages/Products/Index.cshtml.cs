using Microsoft.AspNetCore.Mvc.RazorPages;
using ShopWeb.Catalog;

namespace ShopWeb.Pages.Products;

public sealed class IndexModel(CatalogSearch catalog) : PageModel
{
    public CatalogPage Result { get; private set; } = null!;

    public async Task OnGetAsync(string? q, string? category, string? sort, string? page) =>
        Result = await catalog.RunAsync(CatalogQuery.From(q, category, sort, page));
}
