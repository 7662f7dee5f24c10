using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// A T-shirt with Size (S, M, L) and Colour (Blue, Red), arranged straight in the store, for the product page's
/// variant tests here and in ShopWeb.E2E (linked there): M / Blue has its own price and image, M / Red is sold out,
/// S / Red and L / Blue do not exist.
/// </summary>
public static class TeeShirts
{
    public const long Price = 1900;
    public const long BluePrice = 2100;
    public const long RedPrice = 2300;
    public const string Image = "/images/products/enamel-camping-mug.svg";
    public const string BlueImage = "/images/products/bamboo-bath-mat.svg";

    public static string Sku(string slug, string optionText) => $"{slug.ToUpperInvariant()}-{optionText.Replace(" / ", "-", StringComparison.Ordinal).ToUpperInvariant()}";

    public static Product New(int categoryId, string slug, string name = "Test Tee")
    {
        var product = new Product
        {
            Name = name,
            Slug = slug,
            Description = "A T-shirt in three sizes and two colours.",
            PriceMinor = Price,
            CategoryId = categoryId,
            IsPublished = true,
            ImagePath = Image,
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        };
        product.Options.Add(new ProductOption { Name = "Size", Position = 0, Values = ["S", "M", "L"] });
        product.Options.Add(new ProductOption { Name = "Colour", Position = 1, Values = ["Blue", "Red"] });
        ProductVariant Variant(string size, string colour, int stock, long? price = null, string? image = null) => new()
        {
            Sku = Sku(slug, $"{size} / {colour}"), Option1 = size, Option2 = colour, Stock = stock, PriceMinor = price, ImagePath = image,
            Position = product.Variants.Count,
        };
        product.Variants.Add(Variant("S", "Blue", 4));
        product.Variants.Add(Variant("M", "Blue", 5, BluePrice, BlueImage));
        product.Variants.Add(Variant("M", "Red", 0));
        product.Variants.Add(Variant("L", "Red", 7, RedPrice));
        product.RefreshSearchText();
        return product;
    }
}
