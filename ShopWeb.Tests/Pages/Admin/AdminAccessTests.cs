using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>Every page and handler under /admin, found from the app's own endpoints, so a new one is covered too.</summary>
public sealed class AdminAccessTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Every_admin_page_sends_anonymous_visitors_to_sign_in_refuses_shoppers_and_opens_for_admins()
    {
        var urls = await factory.AdminUrlsAsync();
        Assert.True(urls.Count >= 9, $"admin pages found: {string.Join(", ", urls)}");
        using var anonymous = factory.CreateBrowser(followRedirects: false);
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var __ = shopper;
        using var admin = await factory.SignedInAdminAsync();

        foreach (var url in urls)
        {
            var anon = await anonymous.Client.GetAsync(url);
            Assert.True(anon.StatusCode == HttpStatusCode.Redirect, $"{url}: {anon.StatusCode}");
            Assert.StartsWith("/account/login?ReturnUrl=", anon.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync(url)).Status);
            var page = await admin.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.OK, $"{url}: {page.Status}");
            Assert.NotNull(page.Find("nav[aria-label=Admin]"));
        }
    }

    [Fact]
    public async Task Every_admin_post_handler_refuses_a_missing_antiforgery_token()
    {
        using var admin = await factory.SignedInAdminAsync();
        var posts = 0;
        foreach (var (url, handlers) in await AdminPostHandlersAsync())
        {
            foreach (var handler in handlers)
            {
                var target = handler.Length == 0 ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? "&" : "?")}handler={handler}";
                var response = await admin.Client.PostAsync(target, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Reason"] = "x" }));
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {target}: {response.StatusCode}");
                posts++;
            }
        }

        Assert.True(posts >= 12, $"POST handlers checked: {posts}");
    }

    [Fact]
    public async Task The_account_menu_shows_the_admin_link_to_admins_only()
    {
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        using var admin = await factory.SignedInAdminAsync();

        Assert.Null((await shopper.GetAsync("/")).Find(".account-menu a[href='/admin']"));
        Assert.NotNull((await admin.GetAsync("/")).Find(".account-menu a[href='/admin']"));
    }

    private async Task<List<(string Url, string[] Handlers)>> AdminPostHandlersAsync()
    {
        var urls = await factory.AdminUrlsAsync();
        var pages = factory.AdminPages().ToList();
        var result = new List<(string Url, string[] Handlers)>();
        for (var i = 0; i < pages.Count; i++)
        {
            var compiled = await factory.CompileAsync(pages[i]);
            var handlers = compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)).Select(h => h.Name ?? "").ToArray();
            if (handlers.Length > 0)
            {
                result.Add((urls[i], handlers));
            }
        }

        return result;
    }
}
