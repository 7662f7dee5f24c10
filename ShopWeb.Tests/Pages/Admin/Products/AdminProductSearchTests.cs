using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin.Products;

public sealed class AdminProductSearchTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Admin_search_finds_a_product_by_a_variants_sku_whole_or_its_start_in_any_case()
    {
        var product = await factory.CreateVariantProductAsync("Plainly Named", [("Size", ["S", "M"]), ("Colour", ["Red", "Blue"])]);
        var prefix = product.Slug.ToUpperInvariant();
        using var admin = await factory.SignedInAdminAsync();

        foreach (var term in new[] { $"{prefix}-M-Blue", $"{prefix}-M", prefix.ToLowerInvariant() + "-s" })
        {
            var found = await admin.GetAsync($"/admin/products?q={Uri.EscapeDataString(term)}");
            Assert.Equal(["Plainly Named"], found.Document.QuerySelectorAll("#products tbody tr td:first-child").Select(c => c.TextContent.Trim()));
            Assert.Equal($"/admin/products/{product.Id}/variants", found.Find($"#products a[href$='/variants']")?.GetAttribute("href"));
        }

        var none = await admin.GetAsync($"/admin/products?q={Uri.EscapeDataString(prefix + "-XL")}");
        Assert.Empty(none.Document.QuerySelectorAll("#products tbody tr"));
    }

    [Fact]
    public async Task The_list_shows_a_products_price_as_its_variants_sell_it()
    {
        // Variants at the product's €19.00, and at €21.00 and €23.00 of their own: the list said €19.00 alone.
        var category = await factory.CreateCategoryAsync();
        var tee = TeeShirts.New(category.Id, CatalogSteps.Marker(), "Ranged Tee");
        await factory.WithDbAsync(async db =>
        {
            db.Products.Add(tee);
            return await db.SaveChangesAsync();
        });
        using var admin = await factory.SignedInAdminAsync();

        var list = await admin.GetAsync($"/admin/products?q={tee.Slug}");

        var cells = list.Document.QuerySelectorAll("#products tbody tr td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["Ranged Tee", category.Name, "€19.00 – €23.00"], cells.Take(3));

        // Its page says the same of its price, and sends stock changes to the variants' grid, not the first variant's page.
        var edit = await admin.GetAsync($"/admin/products/edit/{tee.Id}");
        Assert.Contains("variants without a price of their own", edit.Find("#price-hint")?.TextContent);
        Assert.Equal($"/admin/products/{tee.Id}/variants", edit.Document.QuerySelectorAll("a").Single(a => a.TextContent.StartsWith("Adjust stock", StringComparison.Ordinal)).GetAttribute("href"));
        var single = await factory.CreateProductAsync(category, "Plain Mug");
        var plain = await admin.GetAsync($"/admin/products/edit/{single.Id}");
        Assert.Null(plain.Find("#price-hint"));
        Assert.Equal($"/admin/products/stock/{single.Id}", plain.Document.QuerySelectorAll("a").Single(a => a.TextContent == "Adjust stock").GetAttribute("href"));
    }
}
