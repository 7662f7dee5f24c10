using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Pages.Products;

public sealed class DetailsModel(ShopDbContext db) : PageModel
{
    public Product Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string? slug)
    {
        var product = await db.Products.AsNoTracking().Include(p => p.Category)
            .FirstOrDefaultAsync(p => p.Slug == slug && p.IsPublished);
        if (product is null)
        {
            return NotFound();
        }

        Product = product;
        return Page();
    }
}
