namespace ShopWeb.Catalog.Csv;

/// <summary>
/// One variant's values as the import compares them, before the import and after it: its own, and its product's (a
/// product's change is shown on each of its variants). The description is kept as its beginning only, so an audit
/// entry of 500 changes stays small.
/// </summary>
public sealed record CatalogCsvVariantValues(
    string Product, long ProductPrice, string? Option1, string? Option2, string? Option3, long? PriceMinor, int Stock, string? ImagePath, bool IsOnSale)
{
    public const int DescriptionShown = 60;

    public string Category { get; init; } = "";

    public bool Published { get; init; }

    public string ProductImage { get; init; } = "";

    public string Description { get; init; } = "";

    public string OptionNames { get; init; } = "";

    public int Position { get; init; }

    public string Options => string.Join(" / ", new[] { Option1, Option2, Option3 }.OfType<string>());

    public static string Beginning(string text) => text.Length <= DescriptionShown ? text : text[..(DescriptionShown - 1)] + "…";
}

/// <summary>A variant the import changes, as the preview shows it and the audit entry keeps it.</summary>
public sealed record CatalogCsvVariantChange(string Sku, CatalogCsvVariantValues Before, CatalogCsvVariantValues After)
{
    /// <summary>What changes, in words ("stock 5 → 12"); a change the words cannot show says what it is.</summary>
    public IReadOnlyList<string> Differences(Func<long, string> price)
    {
        var said = new List<string>();
        Say("product name", Before.Product, After.Product);
        Say("product price", price(Before.ProductPrice), price(After.ProductPrice));
        Say("category", Before.Category, After.Category);
        Say("published", Before.Published ? "yes" : "no", After.Published ? "yes" : "no");
        Say("product image", Before.ProductImage, After.ProductImage);
        Say("description", $"\"{Before.Description}\"", $"\"{After.Description}\"");
        Say("option names", Before.OptionNames, After.OptionNames);
        Say("options", Before.Options, After.Options);
        Say("price", Before.PriceMinor is { } was ? price(was) : "the product's", After.PriceMinor is { } now ? price(now) : "the product's");
        Say("stock", $"{Before.Stock}", $"{After.Stock}");
        Say("image", Before.ImagePath ?? "the product's", After.ImagePath ?? "the product's");
        Say("on sale", Before.IsOnSale ? "yes" : "no", After.IsOnSale ? "yes" : "no");
        Say("position", $"{Before.Position}", $"{After.Position}");
        return said.Count > 0 ? said
            : [$"its product's description past its first {CatalogCsvVariantValues.DescriptionShown} characters, a new value of one of its options, or their order"];

        void Say(string what, string before, string after)
        {
            if (before != after)
            {
                said.Add($"{what} {before} → {after}");
            }
        }
    }
}
