using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;

namespace ShopWeb.E2E.Pages.Account;

public sealed class AccountJourneyTests(ShopFixture shop) : BrowserTest(shop), IDisposable
{
    private readonly string profiles = Directory.CreateTempSubdirectory("shopweb-chromium-").FullName;

    [Fact]
    public async Task With_remember_me_a_shopper_is_still_signed_in_after_the_browser_and_the_shop_restart()
    {
        var email = $"remembered-{Guid.NewGuid():N}@example.com";
        var profile = Path.Combine(profiles, "remembered");
        var folder = Directory.CreateTempSubdirectory("shopweb-e2e-restart-").FullName;

        using (var server = new ShopServer(folder))
        {
            server.Start();
            await using var browser = await Shop.LaunchBrowserWithProfileAsync(profile, server.Address);
            await RecordAsync(browser, async page =>
            {
                await ShopperSteps.RegisterAndConfirmAsync(page, server, email);
                await ShopperSteps.SignInAsync(page, email, rememberMe: true);
                await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
            }, "remember-me-before-restart");
        }

        try
        {
            using var restarted = new ShopServer(folder);
            restarted.Start();
            await using var browser = await Shop.LaunchBrowserWithProfileAsync(profile, restarted.Address);
            await RecordAsync(browser, async page =>
            {
                await page.GotoAsync("/");
                await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
                await page.AssertNoAxeViolationsAsync();
            }, "remember-me-after-restart");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_remember_me_the_session_ends_with_the_browser()
    {
        var email = $"forgotten-{Guid.NewGuid():N}@example.com";
        var profile = Path.Combine(profiles, "forgotten");

        await using (var browser = await Shop.LaunchBrowserWithProfileAsync(profile, Shop.Server.Address))
        {
            await RecordAsync(browser, async page =>
            {
                await ShopperSteps.RegisterAndConfirmAsync(page, Shop.Server, email);
                await ShopperSteps.SignInAsync(page, email, rememberMe: false);
                await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
            }, "session-before-close");
        }

        await using (var browser = await Shop.LaunchBrowserWithProfileAsync(profile, Shop.Server.Address))
        {
            await RecordAsync(browser, async page =>
            {
                await page.GotoAsync("/");
                await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByText(email)).ToHaveCountAsync(0);
            }, "session-after-close");
        }
    }

    public void Dispose() => Directory.Delete(profiles, recursive: true);
}
