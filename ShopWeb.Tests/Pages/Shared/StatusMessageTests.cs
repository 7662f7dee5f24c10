using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Shared;

/// <summary>A status message is news about the last action: on the page right after it, then gone.</summary>
public sealed class StatusMessageTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task Signing_out_says_so_on_the_next_page_and_not_on_the_one_after()
    {
        var (browser, _) = await factory.SignedInShopperAsync();
        using var _ = browser;
        var page = await browser.GetAsync("/");

        var next = await browser.SubmitAsync(page, "form[action='/account/logout']", button: "Sign out");

        Assert.Equal("You have signed out.", Status(next));
        Assert.Null(Status(await browser.GetAsync("/products")));
        Assert.Null(Status(await browser.GetAsync("/")));
    }

    [Fact]
    public async Task The_cart_notice_after_signing_in_shows_once()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Notice Jug");
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);

        var next = await browser.SignInAsync(email);

        Assert.Equal("We added the item from before you signed in to your cart.", Status(next));
        Assert.Null(Status(await browser.GetAsync("/")));
        Assert.Null(Status(await browser.GetAsync("/account/profile")));
    }

    private static string? Status(HtmlPage page) => page.Find("main .status-message[role=status]")?.TextContent.Trim();
}
