using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin.Products;

/// <summary>Arranges a product with options and variants straight in the store, as CatalogSteps does for plain products.</summary>
internal static class VariantSteps
{
    /// <summary>
    /// A product whose options make every combination of <paramref name="options"/>, each variant with
    /// <paramref name="stock"/> at the product's price, in <paramref name="category"/> or a category of its own.
    /// </summary>
    public static async Task<Product> CreateVariantProductAsync(
        this ShopFactory factory, string name, (string Name, string[] Values)[] options, int stock = 5, long priceMinor = 2000, Category? category = null)
    {
        category ??= await factory.CreateCategoryAsync();
        return await factory.WithDbAsync(async db =>
        {
            var product = new Product
            {
                Name = name, Slug = CatalogSteps.Marker(), PriceMinor = priceMinor, CategoryId = category.Id,
                ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
            };
            product.Options.AddRange(options.Select((o, i) => new ProductOption { Position = i, Name = o.Name, Values = [.. o.Values] }));
            IEnumerable<string[]> combinations = [[]];
            foreach (var option in options)
            {
                combinations = combinations.SelectMany(c => option.Values.Select(v => (string[])[.. c, v]));
            }

            product.Variants.AddRange(combinations.Select((c, i) => new ProductVariant
            {
                Sku = $"{Skus.Of(product.Slug)}-{string.Join('-', c)}", Option1 = c.ElementAtOrDefault(0), Option2 = c.ElementAtOrDefault(1),
                Option3 = c.ElementAtOrDefault(2), Stock = stock, Position = i,
            }));
            product.RefreshSearchText();
            db.Products.Add(product);
            await db.SaveChangesAsync();
            await factory.CatalogChangedAsync();
            return product;
        });
    }

    public static string[] Values(string prefix, int count) => [.. Enumerable.Range(1, count).Select(i => $"{prefix}{i:D4}")];
}
