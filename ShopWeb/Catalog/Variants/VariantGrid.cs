using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Data;

namespace ShopWeb.Catalog.Variants;

/// <summary>One row of the variant grid as posted: its values as typed, and the stock the admin was shown.</summary>
public sealed record VariantRow(int Id, string? Sku, string? Price, int? Stock, int StockShown, string? Image, bool OnSale, bool Delete);

/// <summary>What went wrong with a grid save: on a row (its index in the post) and the field it is about, or on the whole form (Row null).</summary>
public sealed record VariantRowError(int? Row, string Message, int? StockNow = null, VariantField? Field = null);

/// <summary>The fields of a grid row that a problem can be about.</summary>
public enum VariantField
{
    Sku,
    Price,
    Stock,
    Image,
}

/// <summary>
/// Saves rows of the admin's variant grid all or nothing, in one transaction with its audit entry. Over the product's
/// version like the Edit page, and over each changed stock as the admin saw it: a sale between the page's load and its
/// save is a conflict that writes nothing, never a count overwritten.
/// </summary>
public sealed class VariantGrid(ShopDbContext db, Prices prices, ProductImages images, AdminAudit audit, CatalogCache catalogCache)
{
    /// <summary>The images a variant may show: the product's, those its variants already show, and every uploaded one.</summary>
    public async Task<IReadOnlyList<string>> ImageChoicesAsync(int productId)
    {
        var own = await db.Products.Where(p => p.Id == productId).Select(p => p.ImagePath)
            .Concat(db.ProductVariants.Where(v => v.ProductId == productId && v.ImagePath != null).Select(v => v.ImagePath!)).Distinct().ToListAsync();
        return [.. own.Concat(images.Uploaded()).Where(i => i.Length > 0).Distinct()];
    }

    /// <returns>No error when every row was written; else the reasons, and nothing was written.</returns>
    public async Task<IReadOnlyList<VariantRowError>> SaveAsync(int productId, int version, IReadOnlyList<VariantRow> rows)
    {
        var product = await db.Products.FirstAsync(p => p.Id == productId);
        if (product.Version != version)
        {
            return [Stale];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var variants = await db.ProductVariants.Where(v => v.ProductId == productId && ids.Contains(v.Id)).ToDictionaryAsync(v => v.Id);
        var errors = await CheckAsync(product, rows, variants);
        if (errors.Count > 0)
        {
            return errors;
        }

        var changed = new List<(ProductVariant Variant, object Before, int Stock)>();
        foreach (var row in rows)
        {
            var variant = variants[row.Id];
            var before = Snapshot(variant, variant.Stock);
            if (row.Delete)
            {
                db.ProductVariants.Remove(variant);
                changed.Add((variant, before, -1));
                continue;
            }

            prices.Read(row.Price, out var price);
            variant.Sku = VariantRules.CanonicalSku(row.Sku!);
            variant.PriceMinor = string.IsNullOrWhiteSpace(row.Price) ? null : price;
            variant.ImagePath = string.IsNullOrWhiteSpace(row.Image) || row.Image.Trim() == product.ImagePath ? null : row.Image.Trim();
            variant.IsOnSale = row.OnSale;
            if (db.Entry(variant).State == EntityState.Modified || row.Stock != row.StockShown)
            {
                changed.Add((variant, before, row.Stock!.Value));
            }
        }

        product.Version++;
        await using var transaction = await db.Database.BeginTransactionAsync();
        try
        {
            await SetPassedSkusAsideAsync(variants.Values);
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            return [Stale];
        }
        catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
        {
            return [new(null, "Another variant took one of these SKUs at the same moment. Nothing was saved.")];
        }

        // Only the stocks the admin changed, each on the count the admin saw: a sale since then leaves it different.
        foreach (var (row, index) in rows.Select((r, i) => (r, i)).Where(x => !x.r.Delete && x.r.Stock != x.r.StockShown))
        {
            var set = await db.ProductVariants.Where(v => v.Id == row.Id && v.Stock == row.StockShown)
                .ExecuteUpdateAsync(s => s.SetProperty(v => v.Stock, row.Stock!.Value));
            if (set == 0)
            {
                await transaction.RollbackAsync();
                var now = await db.ProductVariants.AsNoTracking().Where(v => v.Id == row.Id).Select(v => (int?)v.Stock).FirstOrDefaultAsync();
                return [new(index, $"The stock of {row.Sku} changed since you opened the page (a sale or another admin): it was {row.StockShown} and is {now?.ToString(CultureInfo.InvariantCulture) ?? "gone"} now. Nothing was saved; saving again sets it to {row.Stock}.", now, VariantField.Stock)];
            }
        }

        if (changed.Count > 0)
        {
            audit.Record("product.variants", "Product", productId.ToString(CultureInfo.InvariantCulture),
                changed.Select(c => c.Before).ToList(), changed.Select(c => c.Stock < 0 ? null : Snapshot(c.Variant, c.Stock)).ToList());
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        await catalogCache.CatalogChangedAsync();
        return [];
    }

    /// <summary>
    /// A SKU passed from one row to another (two swapped, or a chain of them): each row taking a SKU that another row
    /// still holds is first given a placeholder no SKU can be (a SKU has no spaces), so the one save, whatever order it
    /// writes the rows in, never meets the unique index halfway; EF itself refuses such a circle before writing.
    /// </summary>
    private async Task SetPassedSkusAsideAsync(IEnumerable<ProductVariant> variants)
    {
        var held = variants.Select(v => db.Entry(v)).Where(e => e.State != EntityState.Deleted)
            .ToDictionary(e => e.Property(v => v.Sku).OriginalValue, StringComparer.Ordinal);
        foreach (var entry in held.Values.Where(e => e.Property(v => v.Sku).IsModified && held.ContainsKey(e.Entity.Sku)).ToList())
        {
            var aside = "set aside " + entry.Entity.Id.ToString(CultureInfo.InvariantCulture);
            await db.ProductVariants.Where(v => v.Id == entry.Entity.Id).ExecuteUpdateAsync(set => set.SetProperty(v => v.Sku, aside));
            entry.Property(v => v.Sku).OriginalValue = aside;
        }
    }

    private static VariantRowError Stale => new(null, "Someone else saved this product after you opened the page. Nothing was saved: reload the page and make your change again.");

    private async Task<List<VariantRowError>> CheckAsync(Product product, IReadOnlyList<VariantRow> rows, Dictionary<int, ProductVariant> variants)
    {
        var errors = new List<VariantRowError>();
        var imageChoices = (await ImageChoicesAsync(product.Id)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (!variants.ContainsKey(row.Id))
            {
                errors.Add(new(i, "This variant is no longer there: someone deleted it. Reload the page."));
                continue;
            }

            if (row.Delete)
            {
                continue;
            }

            // Each field's problem on its own field, so the page can mark the input it is about.
            (VariantField Field, string? Problem)[] checks =
            [
                (VariantField.Sku, VariantRules.SkuError(row.Sku)),
                (VariantField.Price, string.IsNullOrWhiteSpace(row.Price) ? null : prices.Read(row.Price, out _)),
                (VariantField.Stock, VariantRules.StockError(row.Stock)),
                (VariantField.Image, string.IsNullOrWhiteSpace(row.Image) || imageChoices.Contains(row.Image.Trim()) ? null : "Choose one of the uploaded images, or leave it empty for the product's."),
            ];
            errors.AddRange(checks.Where(c => c.Problem is not null).Select(c => new VariantRowError(i, c.Problem!, Field: c.Field)));
        }

        if (rows.Select(r => r.Id).Distinct().Count() != rows.Count)
        {
            errors.Add(new(null, "A variant appears twice in the form. Reload the page."));
        }

        // Each kept row's SKU as it will be kept, worked out once.
        var kept = rows.Select((r, i) => (Row: r, Index: i)).Where(x => !x.Row.Delete && !string.IsNullOrWhiteSpace(x.Row.Sku))
            .Select(x => (x.Index, Sku: VariantRules.CanonicalSku(x.Row.Sku!))).ToList();
        foreach (var twice in kept.GroupBy(x => x.Sku, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.AddRange(twice.Select(x => new VariantRowError(x.Index, $"{twice.Key} is the SKU of another row too.", Field: VariantField.Sku)));
        }

        var skus = kept.Select(x => x.Sku).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var taken = await db.ProductVariants.AsNoTracking().Where(v => skus.Contains(v.Sku) && !ids.Contains(v.Id))
            .Select(v => new { v.Sku, v.Product!.Name }).ToListAsync();
        foreach (var other in taken)
        {
            errors.AddRange(kept.Where(x => x.Sku == other.Sku).Select(x => new VariantRowError(x.Index, $"{other.Sku} is already the SKU of a variant of {other.Name}.", Field: VariantField.Sku)));
        }

        var deleting = rows.Count(r => r.Delete);
        if (deleting > 0 && deleting >= await db.ProductVariants.CountAsync(v => v.ProductId == product.Id))
        {
            errors.Add(new(null, "A product keeps at least one variant: delete the product instead, or keep one."));
        }

        return [.. errors.OrderBy(e => e.Row ?? -1)];
    }

    private static object Snapshot(ProductVariant v, int stock) => new { v.Id, v.Sku, v.PriceMinor, Stock = stock, v.ImagePath, v.IsOnSale };
}
