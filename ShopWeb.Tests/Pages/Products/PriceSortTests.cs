using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;
using ShopWeb.Tests.Pages.Admin.Products;

namespace ShopWeb.Tests.Pages.Products;

/// <summary>
/// The price sorts order products by what their tiles say: "from" the cheapest variant on sale. Whatever changes that
/// price (a variant's own price, its on-sale switch, the product's price its variants follow, a variant added or
/// removed) moves the product, in a listing and in a search.
/// </summary>
public sealed class PriceSortTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Price_sorts_follow_the_cheapest_variant_on_sale_through_every_change()
    {
        var marker = CatalogSteps.Marker();
        var category = await factory.CreateCategoryAsync();
        var tee = await factory.CreateVariantProductAsync($"Tee {marker}", [("Size", ["S", "M"])], priceMinor: 3000, category: category);
        var mug = await factory.CreateProductAsync(category, $"Mug {marker}", priceMinor: 1500);
        var lamp = await factory.CreateVariantProductAsync($"Lamp {marker}", [("Size", ["Small", "Large"])], priceMinor: 900, category: category);
        await Change(db => db.ProductVariants.Where(v => v.ProductId == tee.Id && v.Option1 == "S"), v => v.PriceMinor = 1200);
        await Change(db => db.ProductVariants.Where(v => v.ProductId == lamp.Id), v => v.PriceMinor = 2500);
        using var browser = factory.CreateBrowser();

        async Task<IReadOnlyList<string>> CheapestFirst()
        {
            await factory.CatalogChangedAsync();
            var listing = await browser.GetAsync($"/products?category={category.Slug}&sort=price-asc");
            var tiles = listing.Document.QuerySelectorAll(".product-tile")
                .Select(t => $"{t.QuerySelector(".product-name")!.TextContent.Replace(marker, "").Trim()} {t.QuerySelector(".price")!.TextContent.Trim()}").ToList();
            var dearestFirst = (await browser.GetAsync($"/products?category={category.Slug}&sort=price-desc")).ProductNames().Reverse();
            Assert.Equal(listing.ProductNames(), dearestFirst);
            Assert.Equal(listing.ProductNames(), (await browser.GetAsync($"/products?q={marker}&sort=price-asc")).ProductNames());
            return tiles;
        }

        Assert.Equal(["Tee from €12.00", "Mug €15.00", "Lamp €25.00"], await CheapestFirst());

        await Change(db => db.ProductVariants.Where(v => v.ProductId == tee.Id && v.Option1 == "S"), v => v.IsOnSale = false);
        await Change(db => db.ProductVariants.Where(v => v.ProductId == mug.Id), v => v.PriceMinor = 2000);
        Assert.Equal(["Mug €20.00", "Lamp €25.00", "Tee €30.00"], await CheapestFirst());

        await Change(db => db.Products.Where(p => p.Id == tee.Id), p => p.PriceMinor = 1000);
        Assert.Equal(["Tee €10.00", "Mug €20.00", "Lamp €25.00"], await CheapestFirst());

        // A new value, as the admin adds one and generates its variant.
        await factory.WithDbAsync(async db =>
        {
            var size = await db.ProductOptions.SingleAsync(o => o.ProductId == lamp.Id);
            size.Values = [.. size.Values, "Mini"];
            db.ProductVariants.Add(new ProductVariant { ProductId = lamp.Id, Sku = $"{lamp.Slug}-MINI".ToUpperInvariant(), Option1 = "Mini", PriceMinor = 500, Stock = 1, Position = 2 });
            return await db.SaveChangesAsync();
        });
        Assert.Equal(["Lamp from €5.00", "Tee €10.00", "Mug €20.00"], await CheapestFirst());

        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == lamp.Id && v.Option1 == "Mini").ExecuteDeleteAsync());
        Assert.Equal(["Tee €10.00", "Mug €20.00", "Lamp €25.00"], await CheapestFirst());
    }

    private Task Change<T>(Func<ShopDbContext, IQueryable<T>> rows, Action<T> change) => factory.WithDbAsync(async db =>
    {
        (await rows(db).ToListAsync()).ForEach(change);
        return await db.SaveChangesAsync();
    });
}
