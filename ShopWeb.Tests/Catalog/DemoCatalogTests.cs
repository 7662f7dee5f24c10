using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>Seed:DemoCatalogSize: a large demo catalog of believable products for trying search and paging at scale.</summary>
public sealed class DemoCatalogTests
{
    private static readonly string[] DemoCategories = ["kitchen", "home-living", "garden", "stationery", "tea-coffee", "outdoor"];

    [Fact]
    public async Task The_demo_catalog_sells_some_of_its_66_products_in_sizes_or_colours_each_variant_with_its_own_sku()
    {
        using var factory = new ShopFactory();

        var products = await factory.WithDbAsync(db => db.Products
            .Select(p => new
            {
                p.Slug,
                Options = p.Options.OrderBy(o => o.Position).Select(o => o.Name).ToList(),
                Variants = p.Variants.OrderBy(v => v.Position).Select(v => new { v.Sku, v.Option1, v.Option2, v.Option3, v.Stock, v.PriceMinor, v.Position }).ToList(),
            })
            .ToListAsync());

        Assert.Equal(66, products.Count);
        var withOptions = products.Where(p => p.Options.Count > 0).ToList();
        Assert.Equal(13, withOptions.Count);
        Assert.All(products.Except(withOptions), p => Assert.Equal((p.Slug.ToUpperInvariant(), (string?)null), (Assert.Single(p.Variants).Sku, p.Variants[0].Option1)));
        foreach (var slug in new[] { "cast-iron-skillet-26cm", "ceramic-mixing-bowl-set", "enamel-camping-mug" })
        {
            Assert.Single(products.Single(p => p.Slug == slug).Variants); // tests and the benchmark use these as products sold in one form
        }

        var allSkus = products.SelectMany(p => p.Variants).Select(v => v.Sku).ToList();
        Assert.Equal(allSkus.Count, allSkus.Distinct().Count());
        Assert.All(allSkus, sku => Assert.Null(ShopWeb.Catalog.Variants.VariantRules.SkuError(sku)));

        // Gloves in 4 sizes and 2 colours, "XL / Blue" sold out; towels in 3 sizes and 3 colours less "Hand Towel / Navy".
        var gloves = products.Single(p => p.Slug == "leather-gardening-gloves");
        Assert.Equal(["Size", "Colour"], gloves.Options);
        Assert.Equal(8, gloves.Variants.Count);
        var mBlue = gloves.Variants.Single(v => v is { Option1: "M", Option2: "Blue" });
        Assert.Equal("LEATHER-GARDENING-GLOVES-M-BLUE", mBlue.Sku);
        Assert.True(mBlue.Stock > 0);
        Assert.Equal(0, gloves.Variants.Single(v => v is { Option1: "XL", Option2: "Blue" }).Stock);
        Assert.Equal(1990, gloves.Variants.Single(v => v is { Option1: "XL", Option2: "Tan" }).PriceMinor);
        Assert.Null(mBlue.PriceMinor); // the product's price
        var towels = products.Single(p => p.Slug == "cotton-waffle-bath-towel");
        Assert.Equal(8, towels.Variants.Count);
        Assert.DoesNotContain(towels.Variants, v => v is { Option1: "Hand Towel", Option2: "Navy" });
        Assert.All(withOptions, p => Assert.Equal(Enumerable.Range(0, p.Variants.Count), p.Variants.Select(v => v.Position)));
        Assert.All(withOptions, p => Assert.Contains(p.Variants, v => v.Stock > 0));

        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync("/products/leather-gardening-gloves");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
    }

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

        var variants = await factory.WithDbAsync(db => db.ProductVariants.Select(v => new { v.ProductId, v.Sku, v.Option1 }).ToListAsync());
        Assert.Equal(variants.Count, variants.Select(v => v.Sku).Distinct().Count());
        Assert.Equal(500, variants.Select(v => v.ProductId).Distinct().Count());
        var generatedWithOptions = variants.Where(v => v.Option1 is not null).Select(v => v.ProductId).Distinct().Count();
        Assert.InRange(generatedWithOptions - 13, 40, 80); // every third product of 7 of the 24 lines, besides the demo's 13
        Assert.Equal(generatedWithOptions, await factory.WithDbAsync(db => db.ProductOptions.Select(o => o.ProductId).Distinct().CountAsync()));

        var generated = products.First(p => p.Category == "garden" && p.Name.Contains("Trowel", StringComparison.Ordinal) && p.Slug != "ash-handle-hand-trowel");
        var found = await browser.GetAsync($"/products?q={Uri.EscapeDataString(generated.Name)}");
        Assert.Equal(generated.Name, found.ProductNames()[0]);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync($"/products/{generated.Slug}")).Status);
    }
}
