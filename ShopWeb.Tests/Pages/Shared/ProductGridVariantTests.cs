using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Shared;

/// <summary>A listing's tile of a product with variants: "from" the lowest price where prices differ, sold out only when all are.</summary>
public sealed class ProductGridVariantTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_tile_says_from_the_lowest_price_where_variant_prices_differ_and_sold_out_only_when_every_variant_is()
    {
        var category = await factory.CreateCategoryAsync();
        var tee = TeeShirts.New(category.Id, CatalogSteps.Marker(), name: "Tee A");
        var soldOutTee = TeeShirts.New(category.Id, CatalogSteps.Marker(), name: "Tee B");
        soldOutTee.Variants.ForEach(v => v.Stock = 0);
        var sameTee = TeeShirts.New(category.Id, CatalogSteps.Marker(), name: "Tee C");
        sameTee.Variants.ForEach(v => v.PriceMinor = null);
        await factory.WithDbAsync(async db =>
        {
            db.Products.AddRange(tee, soldOutTee, sameTee);
            return await db.SaveChangesAsync();
        });
        await factory.CatalogChangedAsync();
        using var browser = factory.CreateBrowser();

        var listing = await browser.GetAsync($"/products?category={category.Slug}&sort=name");

        var tiles = listing.Document.QuerySelectorAll(".product-tile")
            .Select(t => (t.QuerySelector(".product-name")!.TextContent, t.QuerySelector(".price")!.TextContent, t.QuerySelector(".stock")!.TextContent)).ToList();
        Assert.Equal(
            [("Tee A", "from €19.00", "In stock"), ("Tee B", "from €19.00", "Sold out"), ("Tee C", "€19.00", "In stock")],
            tiles);
    }
}
