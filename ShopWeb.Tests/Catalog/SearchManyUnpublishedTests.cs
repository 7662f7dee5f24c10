using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// Past <see cref="CatalogLookups.MaxUnpublishedHeld"/> products not on sale, search no longer leaves them out by id
/// from memory but reads each match's row (ProductSearchIndex): the results are the same. A store of its own, so that
/// the other search tests keep the path from memory.
/// </summary>
public sealed class SearchManyUnpublishedTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("")]
    [InlineData("&sort=name")]
    public async Task Many_unpublished_matches_are_left_out_of_the_count_and_the_page(string sort)
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i <= CatalogLookups.MaxUnpublishedHeld; i++)
            {
                db.Products.Add(Product(category, $"Lamp {marker} hidden {i}", published: false));
            }

            return await db.SaveChangesAsync();
        });
        await factory.CreateProductAsync(category, $"Lamp {marker} a", daysOld: 2);
        await factory.CreateProductAsync(category, $"Lamp {marker} newest", description: $"A lamp {marker}", daysOld: 1);
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products?q=lamp+{marker}{sort}");

        var held = await factory.WithDbAsync(db => factory.Services.GetRequiredService<CatalogLookups>().UnpublishedIdsAsync(db));
        Assert.Null(held);
        Assert.Equal("2 products", page.Find(".result-count")?.TextContent.Trim());
        Assert.Equal([$"Lamp {marker} a", $"Lamp {marker} newest"], page.ProductNames().Order(StringComparer.Ordinal));
    }

    private static Product Product(Category category, string name, bool published)
    {
        var product = new Product
        {
            Name = name, Slug = CatalogSteps.Marker(), Description = "", PriceMinor = 100, CategoryId = category.Id,
            IsPublished = published, ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow,
        };
        product.Variants.Add(new ProductVariant { Sku = Skus.Of(product.Slug), Stock = 5 });
        product.RefreshSearchText();
        return product;
    }
}
