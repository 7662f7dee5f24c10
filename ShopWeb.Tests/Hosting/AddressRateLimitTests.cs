using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Hosting;

/// <summary>
/// One client address may send <c>RateLimits:RequestsPerMinute</c> requests a minute past the page cache; past it, a
/// flood gets 429s while cached pages, static files, uploaded images and health checks are still served to it.
/// </summary>
public sealed class AddressRateLimitTests(AddressRateLimitTests.Shop factory) : IClassFixture<AddressRateLimitTests.Shop>
{
    private const int Limit = 5;

    public sealed class Shop() : ShopFactory(new Dictionary<string, string?> { ["RateLimits:RequestsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact]
    public async Task A_flood_from_one_address_gets_429s_on_uncached_pages_and_the_api_while_cached_pages_are_still_served_and_other_addresses_unaffected()
    {
        var marker = CatalogSteps.Marker();
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), $"Flood Lantern {marker}");
        var cached = $"/products/{product.Slug}";
        using (var earlier = factory.CreateBrowser())
        {
            await earlier.GetAsync(cached); // an earlier visitor's request put the page in the cache
        }

        var image = Guid.NewGuid().ToString("N")[..24] + ".svg";
        Directory.CreateDirectory(Path.Combine(factory.Folder, "uploads"));
        await File.WriteAllTextAsync(Path.Combine(factory.Folder, "uploads", image), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");

        using var flood = factory.CreateBrowser();
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3 * Limit; i++)
        {
            answers.Add((await flood.GetAsync("/cart")).Status);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, Limit), answers[..Limit]);
        Assert.All(answers[Limit..], status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        var refused = await flood.GetAsync("/products?q=lantern");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("Too many attempts", refused.Heading);
        Assert.Equal(TimeSpan.FromSeconds(60), refused.Response.Headers.RetryAfter?.Delta);

        using var api = await flood.Client.GetAsync("/api/v1/categories");
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("https://shopweb.example/problems/rate-limited", await ApiSteps.ProblemTypeAsync(api, "GET", "/api/v1/categories"));

        // What costs the store nothing is still served to the same address.
        var page = await flood.GetAsync(cached);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Response.Headers.Age);
        Assert.Equal($"Flood Lantern {marker}", page.Heading);
        foreach (var free in new[] { "/css/site.css", "/favicon.svg", $"/media/{image}", "/health/live", "/health/ready" })
        {
            using var response = await flood.Client.GetAsync(free);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{free}: {response.StatusCode}");
        }

        // Another address has its own allowance.
        using var other = factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/cart")).Status);
        Assert.Equal([$"Flood Lantern {marker}"], (await other.GetAsync($"/products?q={marker}")).ProductNames());
    }

    [Fact]
    public async Task Pages_served_from_the_cache_are_never_counted()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Cached Lantern");
        using var browser = factory.CreateBrowser();
        for (var i = 0; i < 4 * Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/products/{product.Slug}")).Status);
        }

        // One render put the page in the cache; the rest came from it, so the allowance is nearly whole.
        for (var i = 0; i < Limit - 1; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/cart")).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await browser.GetAsync("/cart")).Status);
    }
}
