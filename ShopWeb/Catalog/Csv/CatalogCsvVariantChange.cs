namespace ShopWeb.Catalog.Csv;

/// <summary>One variant's values as the import compares them: before the import and after it.</summary>
public sealed record CatalogCsvVariantValues(
    string Product, long ProductPrice, string? Option1, string? Option2, string? Option3, long? PriceMinor, int Stock, string? ImagePath, bool IsOnSale)
{
    public string Options => string.Join(" / ", new[] { Option1, Option2, Option3 }.OfType<string>());
}

/// <summary>A variant the import changes, as the preview shows it and the audit entry keeps it.</summary>
public sealed record CatalogCsvVariantChange(string Sku, CatalogCsvVariantValues Before, CatalogCsvVariantValues After)
{
    /// <summary>What changes, in words ("stock 5 → 12"); a variant changed only by its product's other columns says so.</summary>
    public IReadOnlyList<string> Differences(Func<long, string> price)
    {
        var said = new List<string>();
        Say("product name", Before.Product, After.Product);
        Say("product price", price(Before.ProductPrice), price(After.ProductPrice));
        Say("options", Before.Options, After.Options);
        Say("price", Before.PriceMinor is { } was ? price(was) : "the product's", After.PriceMinor is { } now ? price(now) : "the product's");
        Say("stock", $"{Before.Stock}", $"{After.Stock}");
        Say("image", Before.ImagePath ?? "the product's", After.ImagePath ?? "the product's");
        Say("on sale", Before.IsOnSale ? "yes" : "no", After.IsOnSale ? "yes" : "no");
        return said.Count > 0 ? said : ["its product's description, category, image, options or order"];

        void Say(string what, string before, string after)
        {
            if (before != after)
            {
                said.Add($"{what} {before} → {after}");
            }
        }
    }
}
