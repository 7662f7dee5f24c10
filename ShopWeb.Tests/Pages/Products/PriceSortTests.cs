using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

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
        Product Make(string name, long price, params long?[] variantPrices)
        {
            var product = new Product
            {
                Name = $"{name} {marker}", Slug = CatalogSteps.Marker(), PriceMinor = price, CategoryId = category.Id,
                ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
            };
            product.Variants.AddRange(variantPrices.Select((p, i) => new ProductVariant { Sku = $"{product.Slug}-{i}".ToUpperInvariant(), PriceMinor = p, Stock = 5, Position = i }));
            product.RefreshSearchText();
            return product;
        }

        var (tee, mug, lamp) = (Make("Tee", 3000, 1200, null), Make("Mug", 1500, [null]), Make("Lamp", 900, 2500));
        await factory.WithDbAsync(db =>
        {
            db.Products.AddRange(tee, mug, lamp);
            return db.SaveChangesAsync();
        });
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

        await Change(db => db.ProductVariants.Where(v => v.ProductId == tee.Id && v.PriceMinor == 1200), v => v.IsOnSale = false);
        await Change(db => db.ProductVariants.Where(v => v.ProductId == mug.Id), v => v.PriceMinor = 2000);
        Assert.Equal(["Mug €20.00", "Lamp €25.00", "Tee €30.00"], await CheapestFirst());

        await Change(db => db.Products.Where(p => p.Id == tee.Id), p => p.PriceMinor = 1000);
        Assert.Equal(["Tee €10.00", "Mug €20.00", "Lamp €25.00"], await CheapestFirst());

        await factory.WithDbAsync(db =>
        {
            db.ProductVariants.Add(new ProductVariant { ProductId = lamp.Id, Sku = $"{lamp.Slug}-SALE".ToUpperInvariant(), PriceMinor = 500, Stock = 1, Position = 1 });
            return db.SaveChangesAsync();
        });
        Assert.Equal(["Lamp from €5.00", "Tee €10.00", "Mug €20.00"], await CheapestFirst());

        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == lamp.Id && v.PriceMinor == 500).ExecuteDeleteAsync());
        Assert.Equal(["Tee €10.00", "Mug €20.00", "Lamp €25.00"], await CheapestFirst());
    }

    private Task Change<T>(Func<ShopDbContext, IQueryable<T>> rows, Action<T> change) => factory.WithDbAsync(async db =>
    {
        (await rows(db).ToListAsync()).ForEach(change);
        return await db.SaveChangesAsync();
    });
}
