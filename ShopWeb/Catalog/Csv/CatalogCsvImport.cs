using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog.Variants;
using ShopWeb.Data;
using static ShopWeb.Catalog.Csv.CatalogCsvColumns;

namespace ShopWeb.Catalog.Csv;

/// <summary>
/// The catalog CSV import, for the admin's upload and <c>catalog import FILE [--apply]</c>: a preview of what the file
/// would add, change and leave, with every problem by line and column; then, with no problem, the same file applied in
/// one transaction (checked again inside it), all or nothing. Products are matched by slug, variants by SKU, categories
/// by slug (never created); variants not in the file are kept. Products are read and written a batch at a time, so a
/// file of 100,000 rows costs a few hundred queries, not one per row.
/// </summary>
public sealed class CatalogCsvImport(ShopDbContext db, CatalogCsvReader reader, CatalogCache cache, TimeProvider clock)
{
    private const int ProductsPerBatch = 500;

    public Task<CatalogImportResult> PreviewAsync(Stream file) => RunAsync(file, null, null);

    /// <param name="audit">Records the import in the same transaction (the admin's audit entry), once it is known to change something.</param>
    /// <param name="previewed">
    /// The <see cref="CatalogImportResult.Fingerprint"/> of the preview the admin saw: when the shop has changed since
    /// (another admin's edit, an order that took stock the file sets), nothing is applied and the result says so. Null
    /// to apply what the file does to the shop as it is (the command, which previews and applies in one go).
    /// </param>
    public Task<CatalogImportResult> ApplyAsync(Stream file, Action<CatalogImportResult> audit, string? previewed = null) => RunAsync(file, audit, previewed);

    private async Task<CatalogImportResult> RunAsync(Stream file, Action<CatalogImportResult>? audit, string? previewed)
    {
        var (rows, problems) = await reader.ReadAsync(file);
        var products = CatalogCsvProducts.Group(rows, problems);
        var categories = await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Slug, c => c.Id, StringComparer.Ordinal);

        // Read and written under one transaction: what the preview saw is what is written, whatever else happens meanwhile.
        await using var transaction = audit is null ? null : await StoreLocks.BeginAsync(db, "catalog-import");
        using var tally = new Tally();
        await ForEachBatchAsync(products, tracking: false, async (batch, found) =>
        {
            var owners = await OwnersAsync(batch, found);
            foreach (var product in batch)
            {
                var change = new CatalogCsvProductChange(product, found.GetValueOrDefault(product.Slug), categories, owners, problems);
                change.AddTo(tally.Seen);
                change.Count(tally);
            }
        });
        var result = new CatalogImportResult(rows.Count, tally.Add, tally.Change, tally.Leave, tally.NewProducts, tally.ChangedProducts,
            await db.ProductVariants.CountAsync() - tally.Matched, [.. problems.OrderBy(p => p.Line)])
        {
            AddedSkus = tally.AddedSkus, Changes = tally.Changes, Fingerprint = Convert.ToHexStringLower(tally.Seen.GetHashAndReset()),
        };
        if (audit is null || !result.IsValid || result.ChangesNothing)
        {
            return result;
        }

        if (previewed is not null && previewed != result.Fingerprint)
        {
            return result with { ChangedSincePreview = true };
        }

        var now = clock.GetUtcNow();
        await ForEachBatchAsync(products, tracking: true, (batch, found) =>
        {
            foreach (var product in batch)
            {
                var change = new CatalogCsvProductChange(product, found.GetValueOrDefault(product.Slug), categories, null, problems);
                if (change.Apply(now) is { } added)
                {
                    db.Products.Add(added);
                }
            }

            return Task.CompletedTask;
        });
        audit(result);
        await db.SaveChangesAsync();
        await transaction!.CommitAsync();
        await cache.CatalogChangedAsync();
        return result with { Applied = true };
    }

    private async Task ForEachBatchAsync(List<CatalogCsvProduct> products, bool tracking, Func<List<CatalogCsvProduct>, Dictionary<string, Product>, Task> act)
    {
        foreach (var batch in products.Chunk(ProductsPerBatch))
        {
            var slugs = batch.Select(p => p.Slug).ToList();
            var query = db.Products.Where(p => slugs.Contains(p.Slug)).Include(p => p.Options).Include(p => p.Variants).AsSplitQuery();
            var found = await (tracking ? query : query.AsNoTracking()).ToDictionaryAsync(p => p.Slug, StringComparer.Ordinal);
            await act([.. batch], found);
            if (tracking)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear(); // a batch at a time: the change tracker never holds the whole catalog
            }
        }
    }

    /// <summary>The products owning the batch's SKUs that are not already their own product's: a SKU is unique in the shop.</summary>
    private async Task<Dictionary<string, string>> OwnersAsync(List<CatalogCsvProduct> batch, Dictionary<string, Product> found)
    {
        var unknown = batch.SelectMany(p => p.Rows.Where(r => found.GetValueOrDefault(p.Slug)?.Variants.Any(v => v.Sku == r.Sku) != true).Select(r => r.Sku)).ToList();
        return unknown.Count == 0 ? [] : await db.ProductVariants.Where(v => unknown.Contains(v.Sku))
            .Select(v => new { v.Sku, v.Product!.Slug }).ToDictionaryAsync(v => v.Sku, v => v.Slug, StringComparer.Ordinal);
    }

    internal sealed class Tally : IDisposable
    {
        /// <summary>What the comparison read of the shop, hashed: the preview's <see cref="CatalogImportResult.Fingerprint"/>.</summary>
        public IncrementalHash Seen { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public int Add { get; set; }

        public int Change { get; set; }

        public int Leave { get; set; }

        public int Matched { get; set; }

        public int NewProducts { get; set; }

        public int ChangedProducts { get; set; }

        /// <summary>What the audit entry names: the SKUs added, and each changed variant before and after (the first <see cref="Listed"/> of each).</summary>
        public List<string> AddedSkus { get; } = [];

        public List<CatalogCsvVariantChange> Changes { get; } = [];

        public const int Listed = 500;

        public void Dispose() => Seen.Dispose();
    }
}
