using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;

namespace ShopWeb.E2E.Pages.Account;

public sealed class AccountJourneyTests(ShopFixture shop) : BrowserTest(shop), IDisposable
{
    private readonly string profiles = Directory.CreateTempSubdirectory("shopweb-chromium-").FullName;

    [Fact]
    public async Task With_remember_me_a_shopper_is_still_signed_in_after_the_browser_and_the_shop_restart()
    {
        var email = TypedPersonalData.Email("remembered");
        var profile = Path.Combine(profiles, "remembered");
        var folder = Directory.CreateTempSubdirectory("shopweb-e2e-restart-").FullName;

        var shop = Shop.StartShopOn(folder);
        try
        {
            await using (var browser = await Shop.LaunchBrowserWithProfileAsync(profile, shop.Address))
            {
                await RecordAsync(browser, async page =>
                {
                    await ShopperSteps.RegisterAndConfirmAsync(page, shop, email);
                    await ShopperSteps.SignInAsync(page, email, rememberMe: true);
                    await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
                }, "remember-me-before-restart");
            }

            shop = shop.Restarted();
            await using var restarted = await Shop.LaunchBrowserWithProfileAsync(profile, shop.Address);
            await RecordAsync(restarted, async page =>
            {
                await page.GotoAsync("/");
                await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
                await page.AssertNoAxeViolationsAsync();
                await page.AssertFitsAPhoneAsync();
            }, "remember-me-after-restart");
        }
        finally
        {
            shop.Dispose();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_remember_me_the_session_ends_with_the_browser()
    {
        var email = TypedPersonalData.Email("forgotten");
        var profile = Path.Combine(profiles, "forgotten");

        await using (var browser = await Shop.LaunchBrowserWithProfileAsync(profile, Shop.Site.Address))
        {
            await RecordAsync(browser, async page =>
            {
                await ShopperSteps.RegisterAndConfirmAsync(page, Shop.Site, email);
                await ShopperSteps.SignInAsync(page, email, rememberMe: false);
                await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
            }, "session-before-close");
        }

        await using (var browser = await Shop.LaunchBrowserWithProfileAsync(profile, Shop.Site.Address))
        {
            await RecordAsync(browser, async page =>
            {
                await page.GotoAsync("/");
                await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
                await Assertions.Expect(page.GetByText(email)).ToHaveCountAsync(0);
            }, "session-after-close");
        }
    }

    [Fact]
    public Task A_signed_in_shopper_stays_signed_in_on_every_page_whichever_instance_serves_it() => InBrowserAsync(async page =>
    {
        var email = TypedPersonalData.Email("roaming");
        await ShopperSteps.RegisterAndConfirmAsync(page, Shop.Site, email);
        await ShopperSteps.SignInAsync(page, email, rememberMe: false);

        var instances = new HashSet<string>();
        foreach (var path in new[] { "/", "/products", "/cart", "/account/profile", "/", "/products", "/cart", "/account/profile" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            instances.Add(await response.HeaderValueAsync("x-instance") ?? "");
            await Assertions.Expect(ShopperSteps.AccountMenu(page)).ToContainTextAsync(email);
        }

        // nginx takes turns (round-robin, no sticky sessions): on the farm both instances served this shopper.
        Assert.Equal(Shop.Site is FarmSite ? 2 : 1, instances.Count);
    });

    public void Dispose() => Directory.Delete(profiles, recursive: true);
}
