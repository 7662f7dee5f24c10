using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Products;

/// <summary>
/// Deleting a product, asked once more first (as Identity UI's DeletePersonalData does): the page says what will
/// happen, since a product in past orders is archived rather than deleted, and a deleted one cannot come back.
/// </summary>
public sealed class DeleteModel(ShopDbContext db, AdminAudit audit, CatalogCache catalogCache, TimeProvider clock) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public Product Product { get; private set; } = null!;

    /// <summary>Order lines that name the product: any at all means it is archived instead.</summary>
    public int OrderLines { get; private set; }

    public int Variants { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id) is not { } product)
        {
            return NotFound();
        }

        Product = product;
        OrderLines = await db.OrderLines.CountAsync(l => l.ProductId == id);
        Variants = await db.ProductVariants.CountAsync(v => v.ProductId == id);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await db.Products.FirstOrDefaultAsync(p => p.Id == id) is not { } product)
        {
            return NotFound();
        }

        if (product.ArchivedAt is not null) // the same form sent twice, or from two tabs
        {
            StatusMessage = $"{product.Name} is already archived.";
            return RedirectToPage("Index");
        }

        var before = EditModel.Snapshot(product);
        var idText = id.ToString(CultureInfo.InvariantCulture);
        if (await db.OrderLines.AnyAsync(l => l.ProductId == id))
        {
            product.IsPublished = false;
            product.ArchivedAt = clock.GetUtcNow();
            product.Version++;
            audit.Record("product.archive", "Product", idText, before, EditModel.Snapshot(product));
            StatusMessage = $"{product.Name} is in past orders, so it has been archived: unpublished and kept for the books.";
        }
        else
        {
            db.Products.Remove(product);
            audit.Record("product.delete", "Product", idText, before, null);
            StatusMessage = $"{product.Name} has been deleted.";
        }

        await db.SaveChangesAsync();
        await catalogCache.CatalogChangedAsync();
        return RedirectToPage("Index");
    }
}
