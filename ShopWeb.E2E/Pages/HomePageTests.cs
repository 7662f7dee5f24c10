using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;

namespace ShopWeb.E2E.Pages;

public sealed class HomePageTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public Task The_home_page_shows_its_heading_and_passes_axe() => InBrowserAsync(async page =>
    {
        var response = await page.GotoAsync("/");

        Assert.Equal(200, response!.Status);
        Assert.StartsWith("http://127.0.0.1:", page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to ShopWeb");
        await Assertions.Expect(page).ToHaveTitleAsync("Home – ShopWeb");
        var main = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Assertions.Expect(main.GetByRole(AriaRole.Link, new() { Name = "Products" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
    });

    [Fact]
    public Task The_stylesheet_loads_and_the_CSP_blocks_nothing() => InBrowserAsync(async page =>
    {
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                blocked.Add(message.Text);
            }
        };

        await page.GotoAsync("/");

        // The skip link is moved off-screen by site.css: proof that the stylesheet from wwwroot/ applied.
        var left = await page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" }).EvaluateAsync<string>("e => getComputedStyle(e).left");
        Assert.Equal("-999px", left);
        Assert.Empty(blocked);
    });

    [Fact]
    public Task The_not_found_page_is_friendly_and_passes_axe() => InBrowserAsync(async page =>
    {
        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the home page" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to ShopWeb");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
    });
}
