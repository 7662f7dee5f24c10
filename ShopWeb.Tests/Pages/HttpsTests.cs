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
}
