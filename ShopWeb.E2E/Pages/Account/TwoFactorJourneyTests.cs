using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using ShopWeb.Tests.Infrastructure;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Account;

public sealed class TwoFactorJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public Task A_shopper_sets_up_an_authenticator_signs_out_and_signs_in_with_password_and_code() => InBrowserAsync(async page =>
    {
        var email = TypedPersonalData.Email("totp");
        await RegisterAndConfirmAsync(page, Shop.Site, email);
        await SignInAsync(page, email, rememberMe: false);
        await OpenAccountPageAsync(page, "Security");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Two-factor sign-in" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Two-factor sign-in");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Set up an authenticator app");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code of the authenticator key" })).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        var key = TypedPersonalData.AuthenticatorKey((await page.Locator("#authenticator-key").TextContentAsync())!);
        await page.GetByLabel("Code from the app").FillAsync(Totp.Code(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Recovery codes");
        await Assertions.Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        foreach (var code in await page.Locator("#recovery-codes li").AllTextContentsAsync())
        {
            TypedPersonalData.RecoveryCode(code.Trim());
        }

        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        await SignOutAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Two-factor sign-in");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByLabel("Authenticator code").FillAsync(Totp.Later(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(AccountMenu(page)).ToContainTextAsync(email);

        await OpenAccountPageAsync(page, "Security");
        await page.GetByRole(AriaRole.Link, new() { Name = "Two-factor sign-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#two-factor-state")).ToContainTextAsync("On");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Make new recovery codes" })).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to security" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
        await Assertions.Expect(page.Locator("#activity")).ToContainTextAsync("Two-factor sign-in turned on");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
    });
}
