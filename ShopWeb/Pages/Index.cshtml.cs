using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages;

[OutputCache(PolicyName = CatalogCache.PagePolicy)]
public sealed class IndexModel(ShopDbContext db, CatalogSearch catalog) : PageModel
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public IReadOnlyList<ProductTile> Featured { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync();
        Featured = await catalog.FeaturedAsync(8);
        CatalogCache.Shows(HttpContext, Featured.Select(p => p.Id));
    }
}
