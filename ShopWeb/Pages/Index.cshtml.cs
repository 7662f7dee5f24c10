using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages;

public sealed class IndexModel(ShopDbContext db, CatalogSearch catalog) : PageModel
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];

    public IReadOnlyList<ProductTile> Featured { get; private set; } = [];

    public async Task OnGetAsync()
    {
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Name).ToListAsync();
        Featured = await catalog.FeaturedAsync(8);
    }
}
