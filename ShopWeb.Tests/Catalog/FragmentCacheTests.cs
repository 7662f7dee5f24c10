using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// Signed-in shoppers get the catalog's shared parts from the fragment cache (Catalog/CatalogFragments): the product
/// page's body, the grid and the category list are rendered once, read from the store once, and evicted by the page
/// cache's tags; the account menu and the forms' tokens are each shopper's own.
/// </summary>
public sealed class FragmentCacheTests : IDisposable
{
    private const string Token = "__RequestVerificationToken";
    private readonly CommandCounter counter = new();
    private readonly ShopFactory factory;

    public FragmentCacheTests() =>
        factory = new ShopFactory(settings: null, services: services => ShopFactory.AddStoreInterceptor(services, counter));

    [Fact]
    public async Task Two_shoppers_share_the_kept_product_page_yet_each_sees_their_own_menu_and_adds_with_their_own_token()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Kettle " + CatalogSteps.Marker(), 2450, 5);
        var (first, firstEmail) = await factory.SignedInShopperAsync();
        var (second, secondEmail) = await factory.SignedInShopperAsync();
        using var _ = first;
        using var __ = second;
        await second.GetAsync("/account/access-denied"); // the first request after a sign-in may fill the session cache

        var firstPage = await first.GetAsync($"/products/{product.Slug}");
        var before = counter.Count;
        var secondPage = await second.GetAsync($"/products/{product.Slug}");

        Assert.Equal(before, counter.Count); // nothing read from the store: the page's body was kept
        Assert.Null(secondPage.Response.Headers.Age); // and not the page cache's: a signed-in page never is
        Assert.Equal(firstPage.Find(".product-detail")!.OuterHtml.Replace(TokenOf(firstPage), TokenOf(secondPage)), secondPage.Find(".product-detail")!.OuterHtml);
        Assert.Equal(secondEmail, secondPage.Find(".account-name")?.TextContent);
        Assert.DoesNotContain(firstEmail, secondPage.Body);
        Assert.NotEqual(TokenOf(firstPage), TokenOf(secondPage));

        foreach (var (shopper, page) in new[] { (first, firstPage), (second, secondPage) })
        {
            var cart = await shopper.SubmitAsync(page, "#add-to-cart", new Dictionary<string, string> { ["quantity"] = "1" }, button: "Add to cart");
            Assert.Equal(HttpStatusCode.OK, cart.Status);
            Assert.Equal($"Added {product.Name} to your cart.", cart.Find("[role=status]")?.TextContent);
        }
    }

    [Fact]
    public async Task The_listing_and_home_are_kept_too_and_each_shopper_still_gets_their_own_sign_out_form()
    {
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        foreach (var address in new[] { "/", "/products", "/products?q=tea&page=2", "/products?category=kitchen" })
        {
            var rendered = await shopper.GetAsync(address);
            var before = counter.Count;
            var kept = await shopper.GetAsync(address);

            Assert.Equal(before, counter.Count);
            Assert.Equal(rendered.Find("main")!.OuterHtml, kept.Find("main")!.OuterHtml);
            Assert.Equal(rendered.Document.Title, kept.Document.Title);
            Assert.Equal(email, kept.Find(".account-name")?.TextContent);
            Assert.True(kept.IsSignedIn());
        }

        var signedOut = await shopper.SubmitAsync(await shopper.GetAsync("/products"), "form[action='/account/logout']", button: "Sign out");
        Assert.False(signedOut.IsSignedIn());
    }

    [Fact]
    public async Task An_admins_price_change_shows_at_once_to_signed_in_shoppers_on_the_product_page_and_the_listing()
    {
        var name = "Lamp " + CatalogSteps.Marker();
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), name, 1290, 10);
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        var listing = $"/products?q={name.Split(' ')[1]}";
        for (var i = 0; i < 2; i++) // rendered, then kept
        {
            Assert.Equal("€12.90", (await shopper.GetAsync($"/products/{product.Slug}")).Find(".product-detail .price")?.TextContent);
            Assert.Equal("€12.90", (await shopper.GetAsync(listing)).Find(".product-tile .price")?.TextContent);
        }

        using var admin = await factory.SignedInAdminAsync();
        await admin.SubmitAsync(await admin.GetAsync($"/admin/products/edit/{product.Id}"), "#product", new Dictionary<string, string> { ["Input.Price"] = "7.25" });

        Assert.Equal("€7.25", (await shopper.GetAsync($"/products/{product.Slug}")).Find(".product-detail .price")?.TextContent);
        Assert.Equal("€7.25", (await shopper.GetAsync(listing)).Find(".product-tile .price")?.TextContent);
    }

    [Fact]
    public async Task With_the_page_cache_turned_off_the_fragment_cache_is_off_too_and_every_page_is_read_and_rendered()
    {
        var counter = new CommandCounter();
        using var uncached = new ShopFactory(new Dictionary<string, string?> { ["OutputCache:Enabled"] = "false" },
            services: services => ShopFactory.AddStoreInterceptor(services, counter));
        var (shopper, _) = await uncached.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.GetAsync("/products/enamel-camping-mug");

        var before = counter.Count;
        var page = await shopper.GetAsync("/products/enamel-camping-mug");

        Assert.True(counter.Count > before, "the product was read again");
        Assert.True(page.IsSignedIn());
    }

    public void Dispose() => factory.Dispose();

    private static string TokenOf(HtmlPage page) =>
        page.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == Token).GetAttribute("value")!;
}
