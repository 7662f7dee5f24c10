using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages;

[OutputCache(PolicyName = CatalogCache.PagePolicy)]
[KeepFragments]
public sealed class IndexModel(CatalogSearch catalog, CatalogFragments fragments) : PageModel
{
    private const string FragmentKey = "/";

    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public IReadOnlyList<ProductTile> Featured { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (fragments.Find(HttpContext, FragmentKey) is not null)
        {
            return; // the categories and the featured grid come from the fragment cache
        }

        fragments.Record(HttpContext, FragmentKey, "Home");
        Categories = await catalog.CategoriesAsync();
        Featured = await catalog.FeaturedAsync();
        CatalogCache.Shows(HttpContext, Featured.Select(p => p.Id));
    }
}
