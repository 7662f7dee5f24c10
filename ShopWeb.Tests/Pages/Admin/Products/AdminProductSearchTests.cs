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
    }
}
