using System.Net.Http.Headers;
using ShopWeb.Catalog;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// What the caches in front of the shop (a CDN, a browser) are told. A page the page cache shares between anonymous
/// visitors says public, for a minute, varying by encoding and cookies; no page that is anyone's own (signed in, an
/// account, cart, checkout, order or admin page, a page with a token or one that sets a cookie) ever says public.
/// </summary>
public sealed class CacheControlTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    private static readonly string[] SharedPages =
    [
        "/", "/products", "/products?q=tea", "/products?q=tea&page=2", "/products?category=kitchen", "/products?sort=price-desc",
        "/sitemap.xml", "/api/v1/categories", "/api/v1/products",
    ];

    private static readonly string[] ShopperPages =
    [
        "/", "/products", "/products?q=tea", "/products?category=kitchen", "/products/enamel-camping-mug", "/cart", "/checkout",
        "/orders", "/account/profile", "/account/addresses", "/account/security", "/account/security/devices",
        "/account/security/activity", "/account/privacy", "/account/access-denied", "/sitemap.xml", "/api/v1/products",
    ];

    [Fact]
    public async Task Pages_the_page_cache_shares_say_public_for_a_minute_and_vary_by_encoding_and_cookie_fresh_and_from_the_cache()
    {
        await factory.CatalogChangedAsync(); // every entry made anew below
        using var client = factory.CreateClient(); // no cookies kept: every request is a first visit
        foreach (var address in SharedPages)
        {
            foreach (var round in new[] { "rendered", "from the cache" })
            {
                using var response = await client.GetAsync(address);
                var what = $"{address} ({round})";
                Assert.True(response.IsSuccessStatusCode, what);
                Assert.Equal(round == "rendered", response.Headers.Age is null);
                Assert.True(AnonymousPagePolicy.SharedCacheControl == response.Headers.CacheControl?.ToString(), $"{what}: {response.Headers.CacheControl}");
                Assert.True(response.Headers.Vary.Order().SequenceEqual(["Accept-Encoding", "Cookie"]), $"{what}: Vary {string.Join(", ", response.Headers.Vary)}");
                Assert.False(response.Headers.Contains("Set-Cookie"), what);
            }
        }
    }

    [Fact]
    public async Task A_page_holding_a_token_or_setting_a_cookie_is_never_public_even_from_the_cache()
    {
        using var client = factory.CreateClient();
        foreach (var address in new[] { "/products/enamel-camping-mug", "/products/enamel-camping-mug", "/account/login", "/account/register" })
        {
            using var response = await client.GetAsync(address);
            AssertNotPublic(response, address);
            Assert.True(response.Headers.CacheControl?.NoStore == true, $"{address}: {response.Headers.CacheControl}");
        }

        using (var cart = await client.GetAsync("/cart"))
        {
            AssertNotPublic(cart, "a guest's cart");
        }

        // A returning visitor, cookie sent back: their own token, handed out again, still not for anyone else.
        using var visitor = factory.CreateBrowser();
        for (var i = 0; i < 3; i++)
        {
            var page = await visitor.GetAsync("/products/enamel-camping-mug");
            AssertNotPublic(page.Response, "the product page of a returning visitor");
        }
    }

    [Fact]
    public async Task No_page_a_signed_in_shopper_or_the_admin_opens_is_public()
    {
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        using var admin = await factory.SignedInAdminAsync();
        var visits = ShopperPages.Select(address => (shopper, address))
            .Concat(ShopperPages.Select(address => (admin, address)))
            .Concat((await factory.AdminUrlsAsync()).Select(address => (admin, address)));
        var seen = 0;
        foreach (var (browser, address) in visits)
        {
            foreach (var round in new[] { 1, 2 }) // a second time too: a signed-in page is never the page cache's
            {
                using var response = await browser.Client.GetAsync(address);
                AssertNotPublic(response, $"{address} (round {round}, {(browser == admin ? "admin" : "shopper")})");
                Assert.Null(response.Headers.Age);
                seen++;
            }
        }

        Assert.True(seen > 60, $"only {seen} responses looked at");
    }

    private static void AssertNotPublic(HttpResponseMessage response, string what)
    {
        Assert.False(response.Headers.CacheControl?.Public == true, $"{what} says {response.Headers.CacheControl}");
        Assert.DoesNotContain("public", response.Headers.CacheControl?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
    }
}
