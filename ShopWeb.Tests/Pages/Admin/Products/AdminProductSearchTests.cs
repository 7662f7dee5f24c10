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
}
