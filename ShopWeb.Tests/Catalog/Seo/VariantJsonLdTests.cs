using System.Text.Json;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog.Seo;

/// <summary>The acceptance case: a product with variants is a ProductGroup with one Product, and one offer, per variant.</summary>
public sealed class VariantJsonLdTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_product_with_variants_is_a_product_group_with_one_offer_per_variant_and_its_availability()
    {
        var category = await factory.CreateCategoryAsync();
        var shirt = await factory.WithDbAsync(async db =>
        {
            var slug = CatalogSteps.Marker();
            var product = new Product
            {
                Name = "Organic T-shirt", Slug = slug, Description = "Soft cotton.", PriceMinor = 1990, CategoryId = category.Id,
                ImagePath = "/images/products/enamel-camping-mug.svg", CreatedAt = DateTimeOffset.UtcNow,
                Options =
                {
                    new ProductOption { Position = 0, Name = "Size", Values = ["S", "M"] },
                    new ProductOption { Position = 1, Name = "Colour", Values = ["Blue", "Red"] },
                    new ProductOption { Position = 2, Name = "Fit", Values = ["Regular"] },
                },
                Variants =
                {
                    new ProductVariant { Sku = slug + "-S-BLUE", Option1 = "S", Option2 = "Blue", Option3 = "Regular", Stock = 5, Position = 0 },
                    new ProductVariant { Sku = slug + "-M-BLUE", Option1 = "M", Option2 = "Blue", Option3 = "Regular", Stock = 0, Position = 1 },
                    new ProductVariant { Sku = slug + "-S-RED", Option1 = "S", Option2 = "Red", Option3 = "Regular", Stock = 3, IsOnSale = false, Position = 2 },
                    new ProductVariant
                    {
                        Sku = slug + "-M-RED", Option1 = "M", Option2 = "Red", Option3 = "Regular", Stock = 2, PriceMinor = 2490,
                        ImagePath = "/images/products/red-shirt.svg", Position = 3,
                    },
                },
            };
            product.RefreshSearchText();
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product;
        });
        await factory.CatalogChangedAsync();
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync($"/products/{shirt.Slug}");

        var data = JsonDocument.Parse(Assert.Single(page.Document.QuerySelectorAll("script[type='application/ld+json']")).TextContent).RootElement;
        Assert.Equal("https://schema.org", data.GetProperty("@context").GetString());
        Assert.Equal("ProductGroup", data.GetProperty("@type").GetString());
        Assert.Equal(shirt.Slug, data.GetProperty("productGroupID").GetString());
        Assert.Equal("Organic T-shirt", data.GetProperty("name").GetString());
        Assert.Equal($"{ShopFactory.PublicUrl}products/{shirt.Slug}", data.GetProperty("url").GetString());
        Assert.Equal(["https://schema.org/size", "https://schema.org/color", "Fit"], data.GetProperty("variesBy").EnumerateArray().Select(v => v.GetString()));

        var variants = data.GetProperty("hasVariant").EnumerateArray().ToDictionary(v => v.GetProperty("sku").GetString()!);
        Assert.Equal(shirt.Variants.Select(v => v.Sku).Order(), variants.Keys.Order());
        var expected = new Dictionary<string, (string Price, string Availability)>
        {
            [shirt.Slug + "-S-BLUE"] = ("19.90", "InStock"),
            [shirt.Slug + "-M-BLUE"] = ("19.90", "OutOfStock"), // sold out
            [shirt.Slug + "-S-RED"] = ("19.90", "OutOfStock"), // in stock but not on sale
            [shirt.Slug + "-M-RED"] = ("24.90", "InStock"), // its own price
        };
        foreach (var (sku, (price, availability)) in expected)
        {
            var variant = variants[sku];
            Assert.Equal("Product", variant.GetProperty("@type").GetString());
            var offer = variant.GetProperty("offers");
            Assert.Equal(JsonValueKind.Object, offer.ValueKind); // one offer each
            Assert.Equal("Offer", offer.GetProperty("@type").GetString());
            Assert.Equal(price, offer.GetProperty("price").GetString());
            Assert.Equal("EUR", offer.GetProperty("priceCurrency").GetString());
            Assert.Equal("https://schema.org/" + availability, offer.GetProperty("availability").GetString());
        }

        var mRed = variants[shirt.Slug + "-M-RED"];
        Assert.Equal("Organic T-shirt (M / Red / Regular)", mRed.GetProperty("name").GetString());
        Assert.Equal("M", mRed.GetProperty("size").GetString());
        Assert.Equal("Red", mRed.GetProperty("color").GetString());
        var fit = Assert.Single(mRed.GetProperty("additionalProperty").EnumerateArray());
        Assert.Equal(("PropertyValue", "Fit", "Regular"), (fit.GetProperty("@type").GetString(), fit.GetProperty("name").GetString(), fit.GetProperty("value").GetString()));
        Assert.Equal($"{ShopFactory.PublicUrl}images/products/red-shirt.svg", mRed.GetProperty("image").GetString());
        // Nothing the group says is repeated in each variant: the product's image, address and description.
        Assert.Equal($"{ShopFactory.PublicUrl}images/products/enamel-camping-mug.svg", data.GetProperty("image").GetString());
        foreach (var property in new[] { "image", "url", "description", "category" })
        {
            Assert.False(variants[shirt.Slug + "-S-BLUE"].TryGetProperty(property, out _), property);
        }

        // The preview's price is the lowest of those on sale, as the listing's "from".
        Assert.Equal("19.90", page.Find("meta[property='product:price:amount']")?.GetAttribute("content"));
        Assert.Equal($"{ShopFactory.PublicUrl}products/{shirt.Slug}", page.Find("link[rel=canonical]")?.GetAttribute("href"));
    }
}
