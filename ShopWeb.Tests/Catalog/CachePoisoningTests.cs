using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Catalog;

/// <summary>
/// The output cache's key is the path and the query, so nothing else a request carries may decide what is kept there.
/// These requests go over real HTTP to the shop on Kestrel, as an attacker's would, each test on a shop just started
/// (an empty cache). A response served from the cache carries an <c>Age</c> header.
/// </summary>
public sealed class CachePoisoningTests
{
    private const string Skillet = "cast-iron-skillet-26cm";
    private const string Bowls = "ceramic-mixing-bowl-set";

    [Fact]
    public async Task Form_bodies_sent_on_GET_right_after_a_start_leave_the_product_and_catalog_pages_right_for_the_next_visitor()
    {
        using var shop = new ShopFactory();
        var address = StartOverHttp(shop);
        using var attacker = new HttpClient { BaseAddress = address };

        // The first requests after the start: the catalog is read from the path and the query, never from a body.
        using (var poisoned = await attacker.SendAsync(GetWithForm($"/products/{Skillet}", ("slug", Bowls))))
        {
            Assert.Equal("Cast Iron Skillet 26 cm", (await HtmlPage.ReadAsync(poisoned)).Heading);
        }

        using (var poisoned = await attacker.SendAsync(GetWithForm("/products", ("q", "evil text"))))
        {
            Assert.DoesNotContain("evil", await poisoned.Content.ReadAsStringAsync());
        }

        var (skilletId, bowlsId) = await shop.WithDbAsync(async db => (
            await db.ProductVariants.Where(v => v.Product!.Slug == Skillet).Select(v => v.Id).SingleAsync(),
            await db.ProductVariants.Where(v => v.Product!.Slug == Bowls).Select(v => v.Id).SingleAsync()));
        using var visitor = ShopBrowser.Over(address);
        for (var visit = 0; visit < 2; visit++)
        {
            var product = await visitor.GetAsync($"/products/{Skillet}");
            Assert.Equal("Cast Iron Skillet 26 cm", product.Heading);
            Assert.Equal(skilletId.ToString(), product.Find("#add-to-cart input[name=variantId]")?.GetAttribute("value"));
            Assert.DoesNotContain(Bowls, product.Body);
            Assert.DoesNotContain($"value=\"{bowlsId}\"", product.Body);

            var catalog = await visitor.GetAsync("/products");
            Assert.Equal("Products", catalog.Heading);
            Assert.DoesNotContain("evil", catalog.Body);
            Assert.Equal("", catalog.Find("#q")?.GetAttribute("value") ?? "");
            Assert.Equal(12, catalog.Document.QuerySelectorAll(".product-tile").Length);

            // The second visit is the cached copy: the one kept is the right page.
            Assert.Equal(visit == 1, FromCache(product.Response) && FromCache(catalog.Response));
        }
    }

    [Fact]
    public async Task A_GET_with_a_body_is_neither_answered_from_the_cache_nor_kept_in_it()
    {
        using var shop = new ShopFactory();
        var address = StartOverHttp(shop);
        using var client = new HttpClient { BaseAddress = address };

        string[] cached = [$"/products/{Skillet}", "/products?q=mug", $"/api/v1/products/{Skillet}", "/api/v1/products?q=mug"];
        foreach (var url in cached)
        {
            (await client.GetAsync(url)).Dispose();
            using var warm = await client.GetAsync(url);
            Assert.True(FromCache(warm), $"{url} is cached");

            // A length, chunks, or only a form's content type: each is rendered afresh.
            foreach (var request in BodiesOn(url))
            {
                using var answer = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
                Assert.False(FromCache(answer), $"{url} with {request.Content!.Headers}");
            }
        }

        // Nor is such an answer kept: the first plain request after one is rendered.
        foreach (var url in new[] { $"/products/{Bowls}", "/products?q=bowl", $"/api/v1/products/{Bowls}", "/api/v1/products?q=bowl" })
        {
            foreach (var request in BodiesOn(url))
            {
                using var answer = await client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }

            using var first = await client.GetAsync(url);
            Assert.False(FromCache(first), $"{url} was not kept from a request with a body");
            using var second = await client.GetAsync(url);
            Assert.True(FromCache(second), $"{url} is kept from a plain request");
        }
    }

    private static IEnumerable<HttpRequestMessage> BodiesOn(string url)
    {
        yield return GetWithForm(url, ("q", "evil"));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"slug\":\"evil\"}")));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Get, url) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        yield return request;
        var empty = new ByteArrayContent([]);
        empty.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        yield return new HttpRequestMessage(HttpMethod.Get, url) { Content = empty };
    }

    private static HttpRequestMessage GetWithForm(string url, params (string Name, string Value)[] fields) =>
        new(HttpMethod.Get, url) { Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))) };

    private static bool FromCache(HttpResponseMessage response) => response.Headers.Age is not null;

    /// <summary>The shop on Kestrel at a free loopback port: a real HTTP server, as an attacker reaches it.</summary>
    private static Uri StartOverHttp(ShopFactory shop)
    {
        shop.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        shop.StartServer();
        return new Uri(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }
}
