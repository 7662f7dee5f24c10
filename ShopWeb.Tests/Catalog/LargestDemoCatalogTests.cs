using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>Seed:DemoCatalogSize at its largest: 100,000 believable products, still found by search.</summary>
[Collection(LargestCatalogCollection.Name)]
public sealed class LargestDemoCatalogTests(LargestCatalog factory)
{
    [Fact]
    public async Task The_largest_size_seeds_100000_products_and_search_still_ranks_them()
    {
        // How fast that is belongs to bench/run.sh, not to a test.
        using var browser = factory.CreateBrowser();

        var search = await browser.GetAsync("/products?q=tea+inf&page=2");

        Assert.Equal(LargestCatalog.Products, await factory.WithDbAsync(db => db.Products.CountAsync()));
        Assert.InRange(await factory.WithDbAsync(db => db.ProductVariants.CountAsync()), 115_000, 118_000); // about one in ten sold in 2 to 4 sizes or grinds
        Assert.Equal(12, search.ProductNames().Count);
        Assert.All(search.ProductNames(), name => Assert.Contains("Tea Infuser", name));
    }
}
