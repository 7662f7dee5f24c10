using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Account;

public sealed class PasskeyJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public async Task A_shopper_adds_a_passkey_signs_in_with_it_alone_and_removes_it()
    {
        // WebAuthn refuses IP addresses as relying-party ids: browse by name.
        var address = new UriBuilder(Shop.Site.Address) { Host = "localhost" }.Uri;
        await using var context = await Shop.Browser.NewContextAsync(new() { BaseURL = address.ToString() });
        var email = TypedPersonalData.Email("passkey");

        await RecordAsync(context, async page =>
        {
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("WebAuthn.enable");
            await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
            {
                ["options"] = new Dictionary<string, object>
                {
                    ["protocol"] = "ctap2",
                    ["transport"] = "internal",
                    ["hasResidentKey"] = true,
                    ["hasUserVerification"] = true,
                    ["isUserVerified"] = true,
                    ["automaticPresenceSimulation"] = true,
                },
            });

            await RegisterAndConfirmAsync(page, Shop.Site, email);

            // The emailed link opens the shop at its public URL (an IP address here); passkeys need the name.
            await page.GotoAsync("/account/login");
            await SignInAsync(page, email, rememberMe: false);
            await OpenAccountPageAsync(page, "Security");
            await page.GetByRole(AriaRole.Link, new() { Name = "Passkeys", Exact = true }).ClickAsync();
            await Assertions.Expect(Heading(page)).ToHaveTextAsync("Passkeys");
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();
            await page.GetByLabel("Name for the new passkey").FillAsync("Test laptop");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
            await Assertions.Expect(page.Locator(".status-message").First).ToContainTextAsync("has been added");
            await Assertions.Expect(page.Locator("#passkeys")).ToContainTextAsync("Test laptop");
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();
            Assert.Contains("A passkey was added", Shop.Site.Mail.SubjectOfLatestEmail(email));

            await SignOutAsync(page);
            await page.GotoAsync("/account/login");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Assertions.Expect(AccountMenu(page)).ToContainTextAsync(email);

            // Again on the signed-in browser: the session it came with ends and the passkey's takes its place.
            await page.GotoAsync("/account/login");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
            await page.GotoAsync("/account/security/devices");
            await Assertions.Expect(page.Locator("#devices li")).ToHaveCountAsync(1);
            await page.GotoAsync("/account/security/activity");
            await Assertions.Expect(page.Locator("#activity tbody tr").First).ToContainTextAsync("Signed in");

            // "Confirm it's you" (asked before a change once the sign-in is 5 minutes old) also takes the passkey.
            await page.GotoAsync("/account/security/confirm?returnUrl=%2Faccount%2Fsecurity%2Fpasskeys");
            await Assertions.Expect(Heading(page)).ToHaveTextAsync("Confirm it's you");
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm with a passkey" }).ClickAsync();
            await Assertions.Expect(Heading(page)).ToHaveTextAsync("Passkeys");
            await page.GetByRole(AriaRole.Button, new() { Name = "Remove Test laptop" }).ClickAsync();
            await Assertions.Expect(page.Locator(".status-message").First).ToContainTextAsync("has been removed");
            await Assertions.Expect(page.GetByText("No passkeys yet.")).ToBeVisibleAsync();
            await page.GotoAsync("/account/security");
            await page.GetByRole(AriaRole.Link, new() { Name = "Activity" }).ClickAsync();
            await Assertions.Expect(page.Locator("#activity")).ToContainTextAsync("Passkey removed");
            await Assertions.Expect(page.Locator("#activity")).ToContainTextAsync("Passkey added");
            await page.AssertNoAxeViolationsAsync();
            await page.AssertFitsAPhoneAsync();
        }, "passkey");
    }
}
