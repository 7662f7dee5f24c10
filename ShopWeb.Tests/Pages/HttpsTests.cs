using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages;

public sealed class HttpsTests
{
    [Fact]
    public async Task When_https_is_configured_plain_http_is_redirected_to_the_public_url_whatever_the_host_header()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["https_port"] = "8443", ["Shop:PublicUrl"] = "https://shop.example:8443/" });
        using var browser = factory.CreateBrowser(followRedirects: false);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        var response = await browser.Client.GetAsync("http://evil.example/products?q=tea");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://shop.example:8443/products?q=tea", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Over_https_the_browser_is_told_to_stay_on_https()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["https_port"] = "443" });
        using var browser = factory.CreateBrowser(followRedirects: false);

        var response = await browser.Client.GetAsync("https://shop.example/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Theory]
    [InlineData("/https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("///evil.example/")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%5C%5Cevil.example/")]
    [InlineData("/https:%2F%2Fevil.example")]
    [InlineData("/@evil.example")]
    [InlineData("/%2F%2Fevil.example")]
    [InlineData("/products?next=//evil.example/")]
    public async Task The_redirect_to_https_never_leaves_the_shop_whatever_the_path(string path)
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["https_port"] = "8443", ["Shop:PublicUrl"] = "https://shop.example:8443/" });
        using var browser = factory.CreateBrowser(followRedirects: false);

        var response = await browser.Client.GetAsync(new Uri("http://shop.example" + path));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.True(location.IsAbsoluteUri, location.OriginalString);
        Assert.Equal("https://shop.example:8443", location.GetLeftPart(UriPartial.Authority));
        Assert.StartsWith("https://shop.example:8443/", location.OriginalString);
        Assert.DoesNotContain("\\", location.OriginalString);
    }

    [Fact]
    public async Task Behind_a_proxy_that_ends_tls_https_requests_get_hsts_and_plain_ones_are_redirected()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Shop:PublicUrl"] = "https://shop.example/" });
        using var browser = factory.CreateBrowser(followRedirects: false, baseAddress: "http://shop.example/");

        using var overTls = new HttpRequestMessage(HttpMethod.Get, "/products");
        overTls.Headers.Add("X-Forwarded-Proto", "https");
        var secure = await browser.Client.SendAsync(overTls);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", secure.Headers.GetValues("Strict-Transport-Security").Single());

        using var plain = new HttpRequestMessage(HttpMethod.Get, "/products?q=tea");
        plain.Headers.Add("X-Forwarded-Proto", "http");
        var redirected = await browser.Client.SendAsync(plain);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirected.StatusCode);
        Assert.Equal("https://shop.example/products?q=tea", redirected.Headers.Location?.ToString());
        Assert.False(redirected.Headers.Contains("Strict-Transport-Security"), "HSTS is only ever sent over HTTPS");

        // A probe of the instance itself, past the proxy, is answered over plain HTTP.
        Assert.Equal(HttpStatusCode.OK, (await browser.Client.GetAsync("/health/live")).StatusCode);
    }
}
