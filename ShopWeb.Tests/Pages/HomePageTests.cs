using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages;

public sealed class HomePageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Home_page_shows_the_shop_in_its_layout()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Welcome to ShopWeb", page.Heading);
        Assert.Equal("Home – ShopWeb", page.Document.Title);
        Assert.Equal("ShopWeb", page.Find("header .brand")?.TextContent);
        var navigation = page.Document.QuerySelectorAll("header nav a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        Assert.Contains(("Home", "/"), navigation);
        Assert.Contains(("Products", "/products"), navigation);
        Assert.Contains(("Cart", "/cart"), navigation);
        Assert.Contains(("Sign in", "/account/login"), navigation);
        Assert.Contains(("Register", "/account/register"), navigation);
        Assert.NotNull(page.Find("footer"));
    }

    [Fact]
    public async Task Routes_are_case_insensitive()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/INDEX");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Welcome to ShopWeb", page.Heading);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        using var browser = factory.CreateBrowser();

        var response = await browser.Client.GetAsync("/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "no HSTS when the shop does not listen on HTTPS");
    }

    [Fact]
    public async Task Pages_run_no_inline_script()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/");

        Assert.All(page.Document.Scripts, script => Assert.False(string.IsNullOrEmpty(script.Source), "inline <script> would be blocked by the CSP"));
        Assert.Empty(page.Document.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task Static_files_come_from_the_top_level_wwwroot()
    {
        using var browser = factory.CreateBrowser();
        var page = await browser.GetAsync("/");
        var stylesheet = page.Find("link[rel=stylesheet]")!.GetAttribute("href")!;

        var fingerprinted = await browser.Client.GetAsync(stylesheet);
        var plain = await browser.Client.GetStringAsync("/css/site.css");

        Assert.Equal(HttpStatusCode.OK, fingerprinted.StatusCode);
        Assert.Equal("text/css", fingerprinted.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "wwwroot", "css", "site.css")), plain);
    }
}
