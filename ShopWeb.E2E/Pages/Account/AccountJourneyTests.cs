using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;

namespace ShopWeb.E2E.Pages.Account;

public sealed class AccountJourneyTests(ShopFixture shop) : BrowserTest(shop), IDisposable
{
    private const string Password = "a long and happy passphrase";
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
                await RegisterAndConfirmAsync(page, server, email);
                await SignInAsync(page, email, rememberMe: true);
                await Assertions.Expect(AccountMenu(page)).ToContainTextAsync(email);
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
                await Assertions.Expect(AccountMenu(page)).ToContainTextAsync(email);
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
                await RegisterAndConfirmAsync(page, Shop.Server, email);
                await SignInAsync(page, email, rememberMe: false);
                await Assertions.Expect(AccountMenu(page)).ToContainTextAsync(email);
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

    private static ILocator AccountMenu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });

    private static async Task RegisterAndConfirmAsync(IPage page, ShopServer server, string email)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Register");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Confirm password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your email");
        await page.AssertNoAxeViolationsAsync();

        await page.GotoAsync(server.LinkInLatestEmail(email, "Confirm my email"));
        await page.AssertNoAxeViolationsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your email address is confirmed");
    }

    private static async Task SignInAsync(IPage page, string email, bool rememberMe)
    {
        if (!page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Remember me").SetCheckedAsync(rememberMe);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to ShopWeb");
        await page.AssertNoAxeViolationsAsync();
    }

    public void Dispose() => Directory.Delete(profiles, recursive: true);
}
