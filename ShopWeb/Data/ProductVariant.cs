namespace ShopWeb.Data;

/// <summary>
/// One combination of a product's option values (such as "M / Blue"), or the product itself when it has no options:
/// every product has at least one variant, so every product is sold, stocked and ordered the same way.
/// </summary>
public sealed class ProductVariant
{
    /// <summary>Shopify's limit since 2025, which a product page and the admin grid are built and benchmarked for.</summary>
    public const int MaxPerProduct = 2048;

    public const int SkuMaxLength = 100;

    public int Id { get; init; }

    public int ProductId { get; set; }

    public Product? Product { get; set; }

    /// <summary>The shop's own code for this variant, unique in the shop: the key of the catalog CSV and the API's cart lines.</summary>
    public required string Sku { get; set; }

    /// <summary>The value of the product's first, second and third option (see <see cref="ProductOption.Position"/>), or null.</summary>
    public string? Option1 { get; set; }

    public string? Option2 { get; set; }

    public string? Option3 { get; set; }

    /// <summary>This variant's own price in minor units, or null for the product's <see cref="Product.PriceMinor"/>.</summary>
    public long? PriceMinor { get; set; }

    /// <summary>Units on hand; never below zero (a check constraint, and every sale decrements it conditionally).</summary>
    public int Stock { get; set; }

    /// <summary>This variant's own image (a path under wwwroot or the media folder), or null for the product's.</summary>
    public string? ImagePath { get; set; }

    /// <summary>Off: shown as unavailable and never sold, whatever its stock.</summary>
    public bool IsOnSale { get; set; } = true;

    /// <summary>The order of the variants on the product page and in the admin grid.</summary>
    public int Position { get; set; }

    /// <summary>The variant's name as shoppers see it: its option values in order, joined by " / " ("M / Blue"); empty without options.</summary>
    public string OptionText => VariantNames.Of(Option1, Option2, Option3);

    public long PriceOf(Product product) => PriceMinor ?? product.PriceMinor;

    public string ImageOf(Product product) => string.IsNullOrEmpty(ImagePath) ? product.ImagePath : ImagePath;
}

/// <summary>One of a product's (at most three) options, such as Size, with its values in the order shoppers see them.</summary>
public sealed class ProductOption
{
    public const int MaxPerProduct = 3;

    public const int NameMaxLength = 50;

    public const int ValueMaxLength = 50;

    public int Id { get; init; }

    public int ProductId { get; set; }

    /// <summary>0, 1 or 2: which of a variant's <see cref="ProductVariant.Option1"/>..<see cref="ProductVariant.Option3"/> holds its value.</summary>
    public int Position { get; set; }

    public required string Name { get; set; }

    public List<string> Values { get; set; } = [];
}

/// <summary>How a variant is named wherever it is shown: the one rule, for pages, emails, CSV and the API.</summary>
public static class VariantNames
{
    public const string Separator = " / ";

    public static string Of(string? option1, string? option2, string? option3) =>
        string.Join(Separator, new[] { option1, option2, option3 }.Where(v => !string.IsNullOrEmpty(v)));

    /// <summary>A product and its variant in one name, for messages and emails: "T-shirt (M / Blue)", or just "Mug".</summary>
    public static string Full(string productName, string optionText) =>
        optionText.Length == 0 ? productName : $"{productName} ({optionText})";
}
