using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Cart;

/// <summary>Each cart line shows its picture beside its name: the variant's own where it has one, else its product's.</summary>
public sealed class CartImageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task A_line_shows_its_variants_image_or_its_products_beside_its_name()
    {
        var tee = await factory.CreateTeeAsync();
        using var browser = factory.CreateBrowser();
        foreach (var option in new[] { "M / Blue", "S / Blue" })
        {
            var variant = tee.Variants.Single(v => v.OptionText == option);
            var product = await browser.GetAsync($"/products/{tee.Slug}?variant={variant.Id}");
            await browser.SubmitAsync(product, "#add-to-cart", button: "Add to cart");
        }

        var cart = await browser.GetAsync("/cart");

        var lines = cart.Document.QuerySelectorAll("table.cart tbody tr").Select(row => (
            Details: row.QuerySelector(".hint")?.TextContent ?? "",
            Image: row.QuerySelector("img.cart-thumb"))).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Equal("", line.Image?.GetAttribute("alt"))); // the name beside it says what it is
        Assert.Equal(TeeShirts.BlueImage, lines.Single(l => l.Details.StartsWith("M / Blue", StringComparison.Ordinal)).Image?.GetAttribute("src"));
        Assert.Equal(TeeShirts.Image, lines.Single(l => l.Details.StartsWith("S / Blue", StringComparison.Ordinal)).Image?.GetAttribute("src"));
    }
}
