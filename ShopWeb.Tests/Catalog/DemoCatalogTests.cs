using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>Seed:DemoCatalogSize: a large demo catalog of believable products for trying search and paging at scale.</summary>
public sealed class DemoCatalogTests
{
    private static readonly string[] DemoCategories = ["kitchen", "home-living", "garden", "stationery", "tea-coffee", "outdoor"];

    [Fact]
    public async Task A_size_of_500_seeds_500_products_with_their_own_addresses_in_every_demo_category()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalogSize"] = "500" });
        using var browser = factory.CreateBrowser();

        var all = await browser.GetAsync("/products");

        Assert.Equal("500 products, page 1 of 42", all.Find(".result-count")?.TextContent.Trim());
        var products = await factory.WithDbAsync(db => db.Products.Select(p => new { p.Name, p.Slug, Category = p.Category!.Slug, p.ImagePath, p.PriceMinor, Stock = p.Variants.Sum(v => v.Stock) }).ToListAsync());
        Assert.Equal(500, products.Count);
        Assert.Equal(500, products.Select(p => p.Slug).Distinct().Count());
        Assert.Equal(500, products.Select(p => p.Name).Distinct().Count());
        Assert.Equal(DemoCategories.Order(), products.Select(p => p.Category).Distinct().Order());
        Assert.All(products.GroupBy(p => p.Category), g => Assert.InRange(g.Count(), 75, 95));
        Assert.All(products, p => Assert.Matches(ShopWeb.Catalog.Slugs.Pattern, p.Slug));
        Assert.All(products.Select(p => p.ImagePath).Distinct(), path =>
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, "ShopWeb", "wwwroot", path.TrimStart('/'))), $"{path} is one of the demo images"));
        Assert.True(products.Select(p => p.PriceMinor).Distinct().Count() > 100, "prices vary");
        Assert.Contains(products, p => p.Stock == 0);
        Assert.Contains(products, p => p.Stock is > 0 and < 5);

        var generated = products.First(p => p.Category == "garden" && p.Name.Contains("Trowel", StringComparison.Ordinal) && p.Slug != "ash-handle-hand-trowel");
        var found = await browser.GetAsync($"/products?q={Uri.EscapeDataString(generated.Name)}");
        Assert.Equal(generated.Name, found.ProductNames()[0]);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync($"/products/{generated.Slug}")).Status);
    }

    [Fact]
    public async Task The_largest_size_seeds_100000_products_and_search_still_ranks_them()
    {
        // How fast that is belongs to bench/run.sh, not to a test.
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalogSize"] = "100000" });
        using var browser = factory.CreateBrowser();

        var search = await browser.GetAsync("/products?q=tea+inf&page=2");

        Assert.Equal(100_000, await factory.WithDbAsync(db => db.Products.CountAsync()));
        Assert.Equal(12, search.ProductNames().Count);
        Assert.All(search.ProductNames(), name => Assert.Contains("Tea Infuser", name));
    }
}
