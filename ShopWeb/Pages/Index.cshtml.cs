using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages;

[OutputCache(PolicyName = CatalogCache.PagePolicy)]
public sealed class IndexModel(CatalogSearch catalog) : PageModel
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public IReadOnlyList<ProductTile> Featured { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Categories = await catalog.CategoriesAsync();
        Featured = await catalog.FeaturedAsync();
        CatalogCache.Shows(HttpContext, Featured.Select(p => p.Id));
    }
}
