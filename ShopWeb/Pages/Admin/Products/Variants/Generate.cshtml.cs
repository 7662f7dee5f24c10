using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Catalog;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Pages.Admin.Products.Variants;

/// <summary>
/// Proposes every combination of the product's options that has no variant yet, with a SKU for each; the admin ticks
/// "Skip" on those that don't exist (no XL in Pink) and the rest become variants at the product's price, with no stock.
/// </summary>
// Up to 2,048 "Skip" boxes in one post, past the framework's 1,024-value default.
[RequestFormLimits(ValueCountLimit = ProductVariant.MaxPerProduct + 100)]
public sealed class GenerateModel(ShopDbContext db, AdminAudit audit, CatalogCache catalogCache) : PageModel
{
    [BindProperty]
    public int Version { get; set; }

    /// <summary>The combinations not to create, by their option text ("XL / Pink").</summary>
    [BindProperty]
    public List<string> Skip { get; set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public Product Product { get; private set; } = null!;

    public IReadOnlyList<(string Key, string Sku)> Proposed { get; private set; } = [];

    public long Combinations { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id)
    {
        if (!await LoadAsync(id, tracked: false))
        {
            return NotFound();
        }

        Version = Product.Version;
        Proposed = [.. (await ProposeAsync()).Select(p => (VariantCombinations.Key(p.Values[0], p.Values[1], p.Values[2]), p.Sku))];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id)
    {
        if (!await LoadAsync(id, tracked: true))
        {
            return NotFound();
        }

        if (Product.Version != Version)
        {
            return await RefuseAsync("Someone else changed this product after you opened this page. Nothing was created: look at the combinations again.");
        }

        var skipped = Skip.ToHashSet(StringComparer.Ordinal);
        var created = (await ProposeAsync()).Where(p => !skipped.Contains(VariantCombinations.Key(p.Values[0], p.Values[1], p.Values[2]))).ToList();
        if (created.Count == 0)
        {
            return await RefuseAsync("Nothing to create: every combination has a variant or is skipped.");
        }

        if (Product.Variants.Count + created.Count > ProductVariant.MaxPerProduct)
        {
            return await RefuseAsync($"{VariantRules.TooManyVariants} Skip {Product.Variants.Count + created.Count - ProductVariant.MaxPerProduct:N0} more combinations.");
        }

        foreach (var (values, sku) in created)
        {
            Product.Variants.Add(new ProductVariant { Sku = sku, Option1 = values[0], Option2 = values[1], Option3 = values[2], Stock = 0 });
        }

        VariantCombinations.Renumber(Product.Options, Product.Variants);
        Product.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync();
            return await RefuseAsync("Someone else changed this product at the same moment. Nothing was created: look at the combinations again.");
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            await transaction.RollbackAsync();
            return await RefuseAsync("Another product took one of these SKUs at the same moment. Nothing was created: try again.");
        }

        audit.Record("product.variants.generate", "Product", Product.Id.ToString(CultureInfo.InvariantCulture), null,
            new { Created = created.Select(c => c.Sku).ToList(), Skipped = skipped.Count, Product.Version });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.CatalogChangedAsync();
        StatusMessage = $"{Paging.Count(created.Count, "variant", "variants")} created at the product's price with no stock: set {(created.Count == 1 ? "its" : "their")} stock and {(created.Count == 1 ? "price" : "prices")} below.";
        return RedirectToPage("Index", new { id = Product.Id });
    }

    /// <summary>The combinations without a variant, each with a SKU unique in the shop.</summary>
    private async Task<List<(string?[] Values, string Sku)>> ProposeAsync()
    {
        Combinations = VariantCombinations.CountOf(Product.Options);
        if (Combinations > ProductVariant.MaxPerProduct)
        {
            return [];
        }

        var existing = Product.Variants.Select(VariantCombinations.Key).ToHashSet(StringComparer.Ordinal);
        var baseSku = Skus.Of(Product.Slug);
        var taken = (await db.ProductVariants.Where(v => v.Sku.StartsWith(baseSku)).Select(v => v.Sku).ToListAsync())
            .Select(s => s.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        return [.. VariantCombinations.Of(Product.Options)
            .Where(c => !existing.Contains(VariantCombinations.Key(c[0], c[1], c[2])))
            .Select(c => (c, VariantCombinations.ProposeSku(baseSku, c, taken)))];
    }

    /// <summary>Shows the message over the combinations as they are now, with the version to post them against.</summary>
    private async Task<PageResult> RefuseAsync(string message)
    {
        db.ChangeTracker.Clear();
        await LoadAsync(Product.Id, tracked: false);
        ModelState.Clear();
        ModelState.AddModelError(string.Empty, message);
        Version = Product.Version;
        Proposed = [.. (await ProposeAsync()).Select(p => (VariantCombinations.Key(p.Values[0], p.Values[1], p.Values[2]), p.Sku))];
        return Page();
    }

    private async Task<bool> LoadAsync(int id, bool tracked)
    {
        var products = db.Products.Include(p => p.Options).Include(p => p.Variants).AsSplitQuery();
        var product = await (tracked ? products : products.AsNoTracking()).FirstOrDefaultAsync(p => p.Id == id);
        Product = product!;
        return product is not null;
    }
}
