using static ShopWeb.Catalog.Csv.CatalogCsvColumns;

namespace ShopWeb.Catalog.Csv;

/// <summary>One product's lines of the file (by slug, wherever they are), its product columns from its first line.</summary>
public sealed class CatalogCsvProduct(string slug)
{
    public string Slug { get; } = slug;

    public List<CatalogCsvRow> Rows { get; } = [];

    public CatalogCsvRow First => Rows[0];
}

public static class CatalogCsvProducts
{
    /// <summary>Groups the rows by product, reporting a SKU given twice and product columns that differ between a product's lines.</summary>
    public static List<CatalogCsvProduct> Group(List<CatalogCsvRow> rows, List<CatalogCsvProblem> problems)
    {
        var products = new Dictionary<string, CatalogCsvProduct>(StringComparer.Ordinal);
        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!skus.TryAdd(row.Sku, row.Line))
            {
                problems.Add(new(row.Line, Sku, $"SKU {row.Sku} is already on line {skus[row.Sku]}: each variant has a SKU of its own."));
                continue;
            }

            if (!products.TryGetValue(row.Slug, out var product))
            {
                products.Add(row.Slug, product = new CatalogCsvProduct(row.Slug));
            }
            else if (Differing(product.First, row) is { } column)
            {
                problems.Add(new(row.Line, column, $"differs from line {product.First.Line}, the first line of {row.Slug}: a product's columns are the same on each of its lines."));
                continue;
            }

            product.Rows.Add(row);
        }

        return [.. products.Values];
    }

    private static string? Differing(CatalogCsvRow first, CatalogCsvRow row) =>
        row.Name != first.Name ? ProductName
        : row.Description != first.Description ? Description
        : row.CategorySlug != first.CategorySlug ? Category
        : row.PriceMinor != first.PriceMinor ? ProductPrice
        : row.ProductImage != first.ProductImage ? ProductImage
        : row.Published != first.Published ? Published
        : Enumerable.Range(0, first.OptionNames.Length).Where(i => row.OptionNames[i] != first.OptionNames[i]).Select(OptionName).FirstOrDefault();
}
