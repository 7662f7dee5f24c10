using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Catalog.Csv;

/// <summary>
/// Writes the whole catalog as CSV, one row per variant, for the admin's download and <c>catalog export FILE</c>. Read
/// a page of products at a time by id, so a catalog of any size streams out without being held in memory.
/// </summary>
public sealed class CatalogCsvExport(ShopDbContext db, Prices prices)
{
    private const int ProductsPerRead = 500;

    public async Task WriteAsync(Stream output, CancellationToken cancellationToken = default)
    {
        // Formulas are defused by the shop's own rule (SpreadsheetCells), the one the orders export follows.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Separator = ',' }, leaveOpen: true);
        foreach (var column in CatalogCsvColumns.All)
        {
            csv.WriteField(column);
        }

        await csv.EndRecordAsync(cancellationToken);
        var after = 0;
        while (true)
        {
            var products = await db.Products.AsNoTracking().Where(p => p.Id > after).OrderBy(p => p.Id).Take(ProductsPerRead)
                .Include(p => p.Category).Include(p => p.Options).Include(p => p.Variants).AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (products.Count == 0)
            {
                break;
            }

            foreach (var product in products)
            {
                foreach (var variant in product.Variants.OrderBy(v => v.Position).ThenBy(v => v.Id))
                {
                    foreach (var cell in Row(product, variant))
                    {
                        csv.WriteField(cell);
                    }

                    await csv.EndRecordAsync(cancellationToken);
                }
            }

            after = products[^1].Id;
        }

        await csv.FlushAsync(cancellationToken);
    }

    private IEnumerable<string> Row(Product product, ProductVariant variant)
    {
        string?[] values = [variant.Option1, variant.Option2, variant.Option3];
        string[] cells =
        [
            variant.Sku, product.Slug, product.Name, product.Description, product.Category?.Slug ?? "", prices.ToText(product.PriceMinor),
            product.ImagePath, Bool(product.IsPublished),
        ];
        var options = Enumerable.Range(0, ProductOption.MaxPerProduct).SelectMany(i => new[]
        {
            product.Options.FirstOrDefault(o => o.Position == i)?.Name ?? "", values[i] ?? "",
        });
        string[] rest =
        [
            variant.PriceMinor is { } own ? prices.ToText(own) : "", variant.Stock.ToString(CultureInfo.InvariantCulture),
            variant.ImagePath ?? "", Bool(variant.IsOnSale), variant.Position.ToString(CultureInfo.InvariantCulture),
        ];
        return cells.Concat(options).Concat(rest).Select(SpreadsheetCells.Defuse);
    }

    internal static string Bool(bool value) => value ? "true" : "false";
}
