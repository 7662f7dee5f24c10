namespace ShopWeb.Catalog.Csv;

/// <summary>The catalog CSV's columns, in the order the export writes them: one row per variant, product columns repeated.</summary>
public static class CatalogCsvColumns
{
    public const string Sku = "sku";
    public const string ProductSlug = "product_slug";
    public const string ProductName = "product_name";
    public const string Description = "description";
    public const string Category = "category";
    public const string ProductPrice = "product_price";
    public const string ProductImage = "product_image";
    public const string Published = "published";
    public const string VariantPrice = "variant_price";
    public const string Stock = "stock";
    public const string Image = "image";
    public const string OnSale = "on_sale";
    public const string Position = "position";

    public static string OptionName(int position) => $"option{position + 1}_name";

    public static string OptionValue(int position) => $"option{position + 1}_value";

    public static IReadOnlyList<string> All { get; } =
    [
        Sku, ProductSlug, ProductName, Description, Category, ProductPrice, ProductImage, Published,
        OptionName(0), OptionValue(0), OptionName(1), OptionValue(1), OptionName(2), OptionValue(2),
        VariantPrice, Stock, Image, OnSale, Position,
    ];

    /// <summary>Without these a row names no variant, product or price; every other column may be left out (kept as it is).</summary>
    public static IReadOnlyList<string> Required { get; } = [Sku, ProductSlug, ProductName, Category, ProductPrice];
}
