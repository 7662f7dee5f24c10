using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>
/// Admin:RequireTwoFactor at its default outside Development (true): the shared test shops turn it off for the
/// general suite, this one leaves it out.
/// </summary>
public sealed class AdminTwoFactorTests(AdminTwoFactorTests.DefaultShop factory) : IClassFixture<AdminTwoFactorTests.DefaultShop>
{
    public sealed class DefaultShop() : ShopFactory(new Dictionary<string, string?> { ["Admin:RequireTwoFactor"] = null });

    [Fact]
    public async Task An_admin_without_a_second_factor_reaches_no_admin_page_until_one_is_set()
    {
        var urls = await factory.AdminUrlsAsync();
        Assert.True(urls.Count >= 9, $"admin pages found: {string.Join(", ", urls)}");
        var email = await factory.CreateAccountAsync();
        await factory.MakeAdminAsync(email);
        using var admin = factory.CreateBrowser(followRedirects: false);
        await admin.SignInAsync(email);

        foreach (var url in urls)
        {
            var refused = await admin.Client.GetAsync(url);
            Assert.True(refused.StatusCode == HttpStatusCode.Redirect, $"{url}: {refused.StatusCode}");
            Assert.Equal($"/account/security/authenticator?returnUrl={Uri.EscapeDataString(url)}", refused.Headers.Location?.OriginalString);
        }

        var token = (await admin.GetAsync("/account/security")).Find("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await admin.Client.PostAsync("/admin/products/edit", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith("/account/security/authenticator?returnUrl=", post.Headers.Location?.OriginalString);

        // Set up where the shop sends them, and back to the page they asked for.
        using var browser = factory.CreateBrowser();
        await browser.SignInAsync(email);
        var setup = await browser.GetAsync("/admin/orders");
        Assert.Equal("Set up an authenticator app", setup.Heading);
        Assert.Contains("needs two-factor sign-in", setup.Find("#two-factor-needed")?.TextContent);
        var codes = await browser.SubmitAsync(setup, "#authenticator", new Dictionary<string, string> { ["Input.Code"] = Totp.Code(setup.Find("#authenticator-key")!.TextContent) });
        Assert.Equal("Recovery codes", codes.Heading);
        var back = await browser.GetAsync(codes.Find("a:contains('Continue')")!.GetAttribute("href")!);
        Assert.Equal("/admin/orders", back.Response.RequestMessage!.RequestUri!.AbsolutePath);

        foreach (var url in urls)
        {
            var page = await browser.GetAsync(url);
            Assert.True(page.Status == HttpStatusCode.OK, $"{url}: {page.Status}");
            Assert.NotNull(page.Find("nav[aria-label=Admin]"));
        }
    }

    [Fact]
    public async Task Shoppers_are_not_asked_for_a_second_factor()
    {
        var (shopper, _) = await factory.SignedInShopperAsync();
        using var _ = shopper;

        Assert.Equal(HttpStatusCode.Forbidden, (await shopper.GetAsync("/admin")).Status);
        Assert.Equal("Orders", (await shopper.GetAsync("/orders")).Heading);
    }
}
