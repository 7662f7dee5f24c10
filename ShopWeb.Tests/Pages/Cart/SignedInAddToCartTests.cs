using System.Net;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Cart;

/// <summary>
/// A signed-in shopper's product page is rendered for them alone, so its "Add to cart" form carries their
/// antiforgery token and /cart/add requires it back; the anonymous page is cached and shared, and carries each
/// visitor's own token filled in on the way out (AntiforgeryHoleTests).
/// A response served from the output cache carries an <c>Age</c> header.
/// </summary>
public sealed class SignedInAddToCartTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private const string Token = "__RequestVerificationToken";

    [Fact]
    public async Task A_signed_in_shoppers_form_carries_their_token_and_adds_through_the_real_form()
    {
        var product = await ProductAsync();
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;

        var page = await shopper.GetAsync($"/products/{product.Slug}");
        Assert.Null(page.Response.Headers.Age);
        var token = page.Form("#add-to-cart").Elements.SingleOrDefault(e => e.GetAttribute("name") == Token)?.GetAttribute("value");
        Assert.True(token is { Length: > 20 }, $"the form's token: {token}");

        var cart = await shopper.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "2" }, button: "Add to cart");
        Assert.Equal(HttpStatusCode.OK, cart.Status);
        Assert.Equal($"Added {product.Name} to your cart.", cart.Find("[role=status]")?.TextContent);
        Assert.Equal(["2"], await QuantitiesAsync(shopper));
    }

    [Theory]
    [InlineData("removed")]
    [InlineData("wapiti")] // what wapiti's CSRF module puts in its place
    [InlineData("another shopper's")]
    public async Task A_signed_in_post_without_its_own_token_is_refused_and_adds_nothing(string tampering)
    {
        var product = await ProductAsync();
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        var page = await shopper.GetAsync($"/products/{product.Slug}");
        var fields = new Dictionary<string, string>();
        switch (tampering)
        {
            case "removed":
                page.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == Token).Remove();
                break;
            case "wapiti":
                fields[Token] = "wapiti";
                break;
            default:
                var (other, _) = await factory.SignedInShopperAsync();
                using (other)
                {
                    var theirs = await other.GetAsync($"/products/{product.Slug}");
                    fields[Token] = theirs.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == Token).GetAttribute("value")!;
                }

                break;
        }

        var refused = await shopper.SubmitAsync(page, "#add-to-cart", fields, button: "Add to cart");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Empty(await QuantitiesAsync(shopper));
    }

    [Fact]
    public async Task A_signed_in_post_from_another_site_is_still_refused_with_its_token()
    {
        var product = await ProductAsync();
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        var page = await shopper.GetAsync($"/products/{product.Slug}");

        var refused = await shopper.SubmitAsync(page, "#add-to-cart", button: "Add to cart",
            headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Empty(await QuantitiesAsync(shopper));
    }

    [Fact]
    public async Task The_cached_page_holds_no_shoppers_token_and_a_visitor_adds_from_it_with_their_own()
    {
        var product = await ProductAsync();
        var url = $"/products/{product.Slug}";
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        var shoppers = TokenOf(await shopper.GetAsync(url));

        // The shopper's page was not kept: the first visitor's is rendered afresh, the next one's is that copy.
        using var first = factory.CreateBrowser();
        var rendered = await first.GetAsync(url);
        Assert.Null(rendered.Response.Headers.Age);
        using var visitor = factory.CreateBrowser();
        var cached = await visitor.GetAsync(url);
        Assert.NotNull(cached.Response.Headers.Age);
        Assert.DoesNotContain(shoppers, rendered.Body);
        Assert.DoesNotContain(shoppers, cached.Body);
        Assert.NotEqual(TokenOf(rendered), TokenOf(cached));

        var cart = await visitor.SubmitAsync(cached, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "3" }, button: "Add to cart");
        Assert.Equal(HttpStatusCode.OK, cart.Status);
        Assert.Equal($"Added {product.Name} to your cart.", cart.Find("[role=status]")?.TextContent);
        Assert.Equal(["3"], await QuantitiesAsync(visitor));
        Assert.Empty(await QuantitiesAsync(shopper));
    }

    private static string TokenOf(HtmlPage page) =>
        page.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == Token).GetAttribute("value")!;

    private async Task<Product> ProductAsync() =>
        await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Kettle " + CatalogSteps.Marker(), stock: 20);

    private static async Task<List<string?>> QuantitiesAsync(ShopBrowser browser) =>
        (await browser.GetAsync("/cart")).Document.QuerySelectorAll("table.cart input[name=quantity]").Select(i => i.GetAttribute("value")).ToList();
}
