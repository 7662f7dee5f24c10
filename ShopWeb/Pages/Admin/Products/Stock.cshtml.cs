using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin.Products;

/// <summary>Stock changes by a signed amount with a reason; the database never lets stock go below zero.</summary>
public sealed class StockModel(ShopDbContext db, AdminAudit audit, CatalogCache catalogCache) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Product Product { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id) is not { } product)
        {
            return NotFound();
        }

        Product = product;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id) is not { } product)
        {
            return NotFound();
        }

        Product = product;
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
        var changed = await db.Products.Where(p => p.Id == id && p.Stock + Input.Change >= 0)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Stock, p => p.Stock + Input.Change));
        var stock = await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Stock).FirstAsync();
        if (changed == 0)
        {
            ModelState.AddModelError("Input.Change", $"Stock cannot go below zero: there are {stock}.");
            return Page();
        }

        var before = stock - Input.Change;

        audit.Record("product.stock", "Product", id.ToString(CultureInfo.InvariantCulture), new { Stock = before }, new { Stock = before + Input.Change }, Input.Reason);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.StockChangedAsync([id]);
        StatusMessage = $"Stock of {product.Name} is now {before + Input.Change}.";
        return RedirectToPage("Index");
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
