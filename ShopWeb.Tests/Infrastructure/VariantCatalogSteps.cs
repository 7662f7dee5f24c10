using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>Products sold in options, arranged straight in the store as <see cref="CatalogSteps"/> does.</summary>
public static class VariantCatalogSteps
{
    /// <summary>
    /// A product with one option per entry of <paramref name="options"/> and a variant for every combination of their
    /// values (the first option's change slowest), each with the stock <paramref name="stockOf"/> gives its option text
    /// ("M / Blue"), 10 by default. Variants are returned in the product's order.
    /// </summary>
    public static async Task<(Product Product, IReadOnlyList<ProductVariant> Variants)> CreateVariantProductAsync(
        this ShopFactory factory, Category category, string name, (string Name, string[] Values)[] options,
        Func<string, int>? stockOf = null, long priceMinor = 1000) =>
        await factory.WithDbAsync(async db =>
        {
            var product = new Product
            {
                Name = name,
                Slug = CatalogSteps.Marker(),
                PriceMinor = priceMinor,
                CategoryId = category.Id,
                ImagePath = "/images/products/enamel-camping-mug.svg",
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
            };
            product.Options.AddRange(options.Select((o, i) => new ProductOption { Position = i, Name = o.Name, Values = [.. o.Values] }));
            var combinations = options.Aggregate<(string Name, string[] Values), IEnumerable<string[]>>([[]],
                (sofar, option) => sofar.SelectMany(c => option.Values.Select(v => (string[])[.. c, v])));
            foreach (var values in combinations)
            {
                var variant = new ProductVariant
                {
                    Sku = Skus.Of(product.Slug, values),
                    Option1 = values.ElementAtOrDefault(0),
                    Option2 = values.ElementAtOrDefault(1),
                    Option3 = values.ElementAtOrDefault(2),
                    Position = product.Variants.Count,
                };
                variant.Stock = stockOf?.Invoke(variant.OptionText) ?? 10;
                product.Variants.Add(variant);
            }

            product.RefreshSearchText();
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await factory.CatalogChangedAsync();
            return (product, (IReadOnlyList<ProductVariant>)product.Variants);
        });

    /// <summary>Adds one variant through the product page's own "Add to cart" form, as a shopper who chose it does.</summary>
    public static async Task<HtmlPage> AddVariantToCartAsync(this ShopBrowser browser, Product product, ProductVariant variant, int quantity = 1)
    {
        var page = await browser.GetAsync($"/products/{product.Slug}?variant={variant.Id}");
        return await browser.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string>
        {
            ["variantId"] = variant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, button: "Add to cart");
    }
}
