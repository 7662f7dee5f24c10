using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Infrastructure;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The anonymous product page is rendered and compressed once for the output cache, yet every visitor's "Add to cart"
/// form carries a real antiforgery token of their own, filled in per response (AntiforgeryHole), and /cart/add
/// requires it. Over real HTTP on Kestrel, each test on a shop just started (an empty cache); a response served from
/// the cache carries an <c>Age</c> header.
/// </summary>
public sealed class AntiforgeryHoleTests
{
    private const string Skillet = "cast-iron-skillet-26cm";
    private const string Token = "__RequestVerificationToken";

    [Fact]
    public async Task Two_visitors_share_the_cached_page_yet_each_gets_a_token_of_their_own_and_adds_with_it()
    {
        using var shop = new ShopFactory();
        var address = StartOverHttp(shop);
        using var first = ShopBrowser.Over(address);
        using var second = ShopBrowser.Over(address);

        var rendered = await first.GetAsync($"/products/{Skillet}");
        var cached = await second.GetAsync($"/products/{Skillet}");

        Assert.Null(rendered.Response.Headers.Age);
        Assert.NotNull(cached.Response.Headers.Age);
        var placeholder = shop.Services.GetRequiredService<AntiforgeryHole>().Placeholder;
        foreach (var page in new[] { rendered, cached })
        {
            Assert.DoesNotContain(placeholder, page.Body);
            Assert.False(page.Response.Headers.Contains(AntiforgeryHole.MarkHeader));
            Assert.NotNull(AntiforgeryCookie(page));
            Assert.True(page.Response.Headers.CacheControl?.NoStore, "a page with a personal token is not kept on the way");
        }

        Assert.NotEqual(TokenOf(rendered), TokenOf(cached));
        Assert.NotEqual(AntiforgeryCookie(rendered), AntiforgeryCookie(cached)); // the cached entry kept no cookie of the first
        foreach (var (visitor, page) in new[] { (first, rendered), (second, cached) })
        {
            var cart = await visitor.SubmitAsync(page, "#add-to-cart", button: "Add to cart");
            Assert.Equal(HttpStatusCode.OK, cart.Status);
            Assert.Equal("Added Cast Iron Skillet 26 cm to your cart.", cart.Find("[role=status]")?.TextContent);
        }

        // With an item in the cart, their next visit is rendered for them (its header counts the cart), and its token
        // is paired with the cookie they now have. A returning visitor without items gets the cached page (below).
        var again = await first.GetAsync($"/products/{Skillet}");
        Assert.Null(again.Response.Headers.Age);
        Assert.Equal("1", again.Find("header .cart-count")?.FirstChild?.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await first.SubmitAsync(again, "#add-to-cart", button: "Add to cart")).Status);
    }

    [Fact]
    public async Task A_returning_visitor_gets_again_the_token_made_for_their_cookie_and_a_new_visitor_or_bad_cookie_never_does()
    {
        using var shop = new ShopFactory();
        var address = StartOverHttp(shop);
        using var visitor = ShopBrowser.Over(address);
        using var other = ShopBrowser.Over(address);

        var first = await visitor.GetAsync($"/products/{Skillet}");
        var second = await visitor.GetAsync($"/products/{Skillet}");
        var third = await visitor.GetAsync($"/products/{Skillet}");
        var someoneElse = await other.GetAsync($"/products/{Skillet}");

        Assert.NotNull(AntiforgeryCookie(first));
        Assert.Null(AntiforgeryCookie(second)); // their cookie read, none made
        Assert.Null(AntiforgeryCookie(third));
        Assert.Equal(TokenOf(second), TokenOf(third)); // the token made for their cookie, handed out again
        Assert.True(third.Response.Headers.CacheControl?.NoStore, "a page with a personal token is not kept on the way");
        Assert.True(third.Response.Headers.CacheControl?.NoCache);
        Assert.NotEqual(TokenOf(third), TokenOf(someoneElse));
        Assert.Equal(HttpStatusCode.OK, (await visitor.SubmitAsync(third, "#add-to-cart", button: "Add to cart")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.SubmitAsync(someoneElse, "#add-to-cart",
            new Dictionary<string, string> { [Token] = TokenOf(third) }, button: "Add to cart")).Status);

        // A cookie the shop cannot read gets a new cookie and a token of its own, never one remembered for another.
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/products/{Skillet}");
        request.Headers.Add("Cookie", "ShopWeb.Antiforgery=not-a-cookie-the-shop-made");
        var forged = await HtmlPage.ReadAsync(await client.SendAsync(request));
        Assert.NotNull(AntiforgeryCookie(forged));
        Assert.NotEqual(TokenOf(third), TokenOf(forged));
    }

    [Theory]
    [InlineData("removed")]
    [InlineData("wapiti")] // what wapiti's CSRF module puts in its place
    [InlineData("another visitor's")]
    public async Task A_missing_or_swapped_token_is_refused_and_adds_nothing(string tampering)
    {
        using var shop = new ShopFactory();
        var address = StartOverHttp(shop);
        using var visitor = ShopBrowser.Over(address);
        var page = await visitor.GetAsync($"/products/{Skillet}");
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
                using (var other = ShopBrowser.Over(address))
                {
                    fields[Token] = TokenOf(await other.GetAsync($"/products/{Skillet}"));
                }

                break;
        }

        var refused = await visitor.SubmitAsync(page, "#add-to-cart", fields, button: "Add to cart");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Empty((await visitor.GetAsync("/cart")).Document.QuerySelectorAll("table.cart input[name=quantity]"));
    }

    [Fact]
    public async Task The_page_is_gzip_with_a_correct_crc_or_plain_for_every_client_fresh_cached_and_for_head()
    {
        using var shop = new ShopFactory();
        var address = StartOverHttp(shop);
        var clients = new (string? AcceptEncoding, string? Expected)[]
        {
            ("br, gzip", "gzip"), ("gzip", "gzip"), ("br", null), (null, null),
        };

        var tokens = new HashSet<string>();
        for (var round = 0; round < 2; round++)
        {
            foreach (var (acceptEncoding, expected) in clients)
            {
                using var response = await SendAsync(address, HttpMethod.Get, acceptEncoding);
                Assert.Equal(round == 1, response.Headers.Age is not null);
                Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
                var body = await response.Content.ReadAsByteArrayAsync();
                Assert.Equal(body.Length, response.Content.Headers.ContentLength);
                var html = expected is null ? Encoding.UTF8.GetString(body) : Gunzip(body);
                Assert.Contains("Cast Iron Skillet 26 cm", html);
                var token = TokenOf(await HtmlPage.ReadAsync(response, html));
                Assert.True(tokens.Add(token), "every response has a token of its own");

                if (expected is not null)
                {
                    Assert.Equal(0x04, body[3]); // FEXTRA: where the hole is, so it was filled in the compressed bytes

                    // The check has teeth: the same body with a wrong CRC does not decompress.
                    body[^5] ^= 1;
                    Assert.Throws<InvalidDataException>(() => Gunzip(body));
                }

                using var head = await SendAsync(address, HttpMethod.Head, acceptEncoding);
                Assert.Equal(HttpStatusCode.OK, head.StatusCode);
                Assert.Equal(expected, head.Content.Headers.ContentEncoding.SingleOrDefault());
                Assert.Contains(head.Headers.GetValues("Set-Cookie"), c => c.Contains("Antiforgery=", StringComparison.Ordinal));
                Assert.False(head.Headers.Contains(AntiforgeryHole.MarkHeader));
            }
        }
    }

    [Fact]
    public void The_crc_after_replacing_bytes_in_place_is_the_crc_of_the_changed_data()
    {
        var data = new byte[5000];
        new Random(17).NextBytes(data);
        var crc = GzipCrc.Compute(data);
        var now = Encoding.ASCII.GetBytes("a token of the same length as the hole");
        var at = 1234;

        var filled = GzipCrc.Replace(crc, data.AsSpan(at, now.Length), now, data.Length - at - now.Length);
        now.CopyTo(data, at);

        Assert.Equal(GzipCrc.Compute(data), filled);
    }

    private static async Task<HttpResponseMessage> SendAsync(Uri address, HttpMethod method, string? acceptEncoding)
    {
        using var client = new HttpClient { BaseAddress = address };
        using var request = new HttpRequestMessage(method, $"/products/{Skillet}");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static string Gunzip(byte[] body)
    {
        using var reader = new StreamReader(new GZipStream(new MemoryStream(body), CompressionMode.Decompress));
        return reader.ReadToEnd();
    }

    private static string? AntiforgeryCookie(HtmlPage page) =>
        page.Response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.SingleOrDefault(c => c.StartsWith("ShopWeb.Antiforgery=", StringComparison.Ordinal)) : null;

    private static string TokenOf(HtmlPage page) =>
        page.Form("#add-to-cart").Elements.Single(e => e.GetAttribute("name") == Token).GetAttribute("value")!;

    /// <summary>The shop on Kestrel at a free loopback port: a real HTTP server.</summary>
    private static Uri StartOverHttp(ShopFactory shop)
    {
        shop.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        shop.StartServer();
        return new Uri(shop.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }
}
