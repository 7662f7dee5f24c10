using System.Net;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Account;

public sealed class StatusPagesTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_access_denied_page_answers_403()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/account/access-denied");

        Assert.Equal(HttpStatusCode.Forbidden, page.Status);
        Assert.Equal("Access denied", page.Heading);
    }

    [Fact]
    public async Task The_lockout_page_reached_directly_still_says_when_to_try_again()
    {
        using var browser = factory.CreateBrowser();

        var page = await browser.GetAsync("/account/lockout");

        Assert.Equal("Account locked", page.Heading);
        Assert.Contains("Try again in 15 minutes", page.Body);
    }
}
