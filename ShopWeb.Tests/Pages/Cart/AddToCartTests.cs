using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Cart;

/// <summary>
/// "Add to cart" sits on cached product pages; every visitor's form still carries their own antiforgery token (filled
/// in per response, AntiforgeryHoleTests), and a post another site makes is also refused by the browser's
/// Sec-Fetch-Site and Origin headers.
/// </summary>
public sealed class AddToCartTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    [InlineData("Origin", "null")]
    [InlineData("Origin", "http://localhost:8080")]
    [InlineData("Origin", "https://localhost")]
    public async Task A_post_from_another_site_is_refused_and_the_cart_is_unchanged(string header, string value)
    {
        var product = await ProductAsync();
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(product, 1);

        var page = await browser.GetAsync($"/products/{product.Slug}");
        var refused = await browser.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "3" }, button: "Add to cart",
            headers: new Dictionary<string, string> { [header] = value });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Not sent from the shop", refused.Heading);
        Assert.Contains($"Open the shop at {ShopFactory.PublicUrl} and try again.", refused.Find("main")?.TextContent);
        Assert.Equal(["1"], await QuantitiesAsync(browser));
    }

    [Fact]
    public async Task A_cross_site_post_is_refused_even_with_a_same_origin_header_beside_it()
    {
        var product = await ProductAsync();
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync($"/products/{product.Slug}");

        var refused = await browser.SubmitAsync(page, "#add-to-cart", button: "Add to cart",
            headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin", ["Origin"] = "https://evil.example" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Empty(await QuantitiesAsync(browser));
    }

    [Theory]
    [InlineData("same-origin", "http://localhost")]
    [InlineData("none", null)]
    [InlineData(null, "http://LOCALHOST:80")]
    [InlineData(null, null)] // no browser of recent years sends neither: a program, which has no shopper's cookies to misuse
    public async Task A_post_from_the_shop_itself_adds_to_the_cart(string? fetchSite, string? origin)
    {
        var product = await ProductAsync();
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync($"/products/{product.Slug}");
        var headers = new Dictionary<string, string>();
        if (fetchSite is not null)
        {
            headers["Sec-Fetch-Site"] = fetchSite;
        }

        if (origin is not null)
        {
            headers["Origin"] = origin;
        }

        var cart = await browser.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "2" }, button: "Add to cart", headers: headers);

        Assert.Equal(HttpStatusCode.OK, cart.Status);
        Assert.Equal($"Added {product.Name} to your cart.", cart.Find("[role=status]")?.TextContent);
        Assert.Equal(["2"], await QuantitiesAsync(browser));
    }

    /// <summary>Add to cart included: a signed-in shopper's product page is their own and carries their token (SignedInAddToCartTests).</summary>
    [Fact]
    public async Task Every_post_of_a_signed_in_shopper_refuses_a_missing_antiforgery_token()
    {
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        var checkedPosts = new List<string>();
        foreach (var target in await PostTargetsAsync())
        {
            var response = await shopper.Client.PostAsync(target, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Email"] = "x@example.com" }));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {target}: {response.StatusCode}");
            checkedPosts.Add(target);
        }

        Assert.Contains("/cart/add", checkedPosts);
        Assert.True(checkedPosts.Count >= 20, $"POST handlers checked: {string.Join(", ", checkedPosts)}");
    }

    [Fact]
    public async Task An_anonymous_post_to_add_to_cart_without_a_token_is_refused()
    {
        var product = await ProductAsync();
        using var visitor = factory.CreateBrowser();
        var response = await visitor.Client.PostAsync("/cart/add", new FormUrlEncodedContent(new Dictionary<string, string> { ["variantId"] = $"{product.Variants[0].Id}" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await QuantitiesAsync(visitor));
    }

    /// <summary>Every POST handler of every page outside /admin (AdminAccessTests checks those), but the error pages'.</summary>
    private async Task<List<string>> PostTargetsAsync()
    {
        var loader = factory.Services.GetRequiredService<PageLoader>();
        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Template: "/" + e.RoutePattern.RawText, Page: e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>()))
            .Where(e => e.Page is not null && !e.Template.StartsWith("/admin", StringComparison.OrdinalIgnoreCase)
                && e.Template is not "/error" and not "/status/{code:int}")
            .DistinctBy(e => e.Page!.ViewEnginePath);
        var targets = new List<string>();
        foreach (var (template, page) in pages)
        {
            var compiled = await loader.LoadAsync(page!, EndpointMetadataCollection.Empty);
            var url = template.Replace("{number}", "SW-NOSUCH1", StringComparison.Ordinal).Replace("{id:int?}", "1", StringComparison.Ordinal);
            foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)))
            {
                targets.Add(handler.Name is null ? url : $"{url}?handler={handler.Name}");
            }
        }

        return targets;
    }

    private async Task<Product> ProductAsync() =>
        await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Lantern " + CatalogSteps.Marker(), stock: 20);

    private static async Task<List<string?>> QuantitiesAsync(ShopBrowser browser) =>
        (await browser.GetAsync("/cart")).Document.QuerySelectorAll("table.cart input[name=quantity]").Select(i => i.GetAttribute("value")).ToList();
}
