using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Products;

/// <summary>
/// A variant's stock changes by a signed amount with a reason; the database never lets stock go below zero. The
/// variant is the product's first unless the address names one (?variant=ID).
/// </summary>
public sealed class StockModel(ShopDbContext db, AdminAudit audit, CatalogCache catalogCache) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Product Product { get; private set; } = null!;

    public ProductVariant Variant { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, [FromQuery] int? variant) =>
        await LoadAsync(id, variant) ? Page() : NotFound();

    private async Task<bool> LoadAsync(int id, int? variantId)
    {
        var variant = await db.ProductVariants.AsNoTracking().Include(v => v.Product)
            .Where(v => v.ProductId == id && (variantId == null || v.Id == variantId)).OrderBy(v => v.Position).ThenBy(v => v.Id).FirstOrDefaultAsync();
        if (variant is null)
        {
            return false;
        }

        (Variant, Product) = (variant, variant.Product!);
        return true;
    }

    public async Task<IActionResult> OnPostAsync(int id, [FromQuery] int? variant)
    {
        if (!await LoadAsync(id, variant))
        {
            return NotFound();
        }

        var product = Product;
        var variantId = Variant.Id;
        if (Input.Change == 0)
        {
            ModelState.AddModelError("Input.Change", "Enter a change other than 0.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // The change first, then the stock it left, read under the change's own row lock: no sale can come between the
        // two, so the audit entry's before and after are the real ones on any store.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var changed = await db.ProductVariants.Where(v => v.Id == variantId && v.Stock + Input.Change >= 0 && v.Stock + Input.Change <= VariantRules.MaxStock)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, v => v.Stock + Input.Change));
        var stock = await db.ProductVariants.AsNoTracking().Where(v => v.Id == variantId).Select(v => v.Stock).FirstAsync();
        if (changed == 0)
        {
            ModelState.AddModelError("Input.Change", $"Stock stays from 0 to {VariantRules.MaxStock:N0}: there are {stock}.");
            return Page();
        }

        var before = stock - Input.Change;

        audit.Record("product.stock", "Product", id.ToString(CultureInfo.InvariantCulture),
            new { Variant.Sku, Stock = before }, new { Variant.Sku, Stock = before + Input.Change }, Input.Reason);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.StockChangedAsync([id]);
        StatusMessage = $"Stock of {VariantNames.Full(product.Name, Variant.OptionText)} is now {before + Input.Change}.";

        // Opened from a row of the variant grid (it names the variant): back to the grid, where the admin was.
        return variant is null ? RedirectToPage("Index") : Redirect($"/admin/products/{id}/variants");
    }

    public sealed class InputModel
    {
        [Range(-100_000, 100_000, ErrorMessage = "Enter a change such as 12 or -3.")]
        [Display(Name = "Change (+ received, - lost or found short)")]
        public int Change { get; set; }

        [Required(ErrorMessage = "Say why the stock changes.")]
        [StringLength(500, ErrorMessage = "Use at most 500 characters.")]
        public string Reason { get; set; } = "";
    }
}
