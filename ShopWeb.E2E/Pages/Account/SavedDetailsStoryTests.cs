using System.Text.Json;
using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Account;

/// <summary>The story of the product: what a shopper chose to save is there next week, and nothing else ever was.</summary>
public sealed class SavedDetailsStoryTests(ShopFixture shop) : BrowserTest(shop), IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-e2e-story-").FullName;
    private readonly string profile = Directory.CreateTempSubdirectory("shopweb-chromium-story-").FullName;

    [Fact]
    public async Task Save_my_details_from_registration_to_account_deletion()
    {
        var email = TypedPersonalData.Email("story");

        var shop = Shop.StartShopOn(folder);
        try
        {
            await using (var browser = await Shop.LaunchBrowserWithProfileAsync(profile, shop.Address))
            {
                await RecordAsync(browser, async page =>
                {
                    await RegisterAndConfirmAsync(page, shop, email);
                    await SignInAsync(page, email, rememberMe: false);

                    await OpenAccountPageAsync(page, "Profile");
                    await page.GetByLabel("Save my contact details").CheckAsync();
                    await page.GetByLabel("Full name").FillAsync(TypedPersonalData.Name("Zoë Martin"));
                    await page.GetByLabel("Phone (optional)").FillAsync(TypedPersonalData.Phone("+33 4 72 00 00 00"));
                    await page.GetByLabel("Save my shipping addresses").CheckAsync();
                    await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
                    await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your profile has been saved.");
                    await page.AssertNoAxeViolationsAsync();
                    await page.AssertFitsAPhoneAsync();

                    await page.GetByRole(AriaRole.Link, new() { Name = "Manage addresses" }).ClickAsync();
                    await page.AssertNoAxeViolationsAsync();
                    await page.AssertFitsAPhoneAsync();
                    await page.GetByRole(AriaRole.Link, new() { Name = "Add an address" }).ClickAsync();
                    await Assertions.Expect(Heading(page)).ToHaveTextAsync("Add an address");
                    await page.AssertNoAxeViolationsAsync();
                    await page.AssertFitsAPhoneAsync();
                    await FillAddressAsync(page, "Zoë Martin", "12 Rue des Lilas", "Lyon", "69003", "France");
                    await page.GetByRole(AriaRole.Button, new() { Name = "Save address" }).ClickAsync();
                    await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The address has been added.");
                    await Assertions.Expect(page.GetByText("12 Rue des Lilas")).ToBeVisibleAsync();
                    await page.AssertNoAxeViolationsAsync();
                    await page.AssertFitsAPhoneAsync();

                    await SignOutAsync(page);
                    await SignInAsync(page, email, rememberMe: true);
                }, "story-before-restart");
            }

            shop = shop.Restarted();
            await using var restarted = await Shop.LaunchBrowserWithProfileAsync(profile, shop.Address);
            await RecordAsync(restarted, async page =>
            {
                await page.GotoAsync("/");
                await Assertions.Expect(AccountMenu(page)).ToContainTextAsync(email);

                await OpenAccountPageAsync(page, "Profile");
                await Assertions.Expect(page.GetByLabel("Full name")).ToHaveValueAsync("Zoë Martin");
                await Assertions.Expect(page.GetByLabel("Save my shipping addresses")).ToBeCheckedAsync();
                await OpenAccountPageAsync(page, "Addresses");
                await Assertions.Expect(page.GetByText("12 Rue des Lilas")).ToBeVisibleAsync();

                await OpenAccountPageAsync(page, "Profile");
                await page.GetByLabel("Save my shipping addresses").UncheckAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your saved address has been erased.");
                await OpenAccountPageAsync(page, "Addresses");
                await Assertions.Expect(page.GetByText("12 Rue des Lilas")).ToHaveCountAsync(0);

                await OpenAccountPageAsync(page, "Privacy");
                var history = page.GetByRole(AriaRole.Table);
                await Assertions.Expect(history.GetByRole(AriaRole.Row)).ToHaveCountAsync(4); // a header and three decisions
                await Assertions.Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Save my shipping addresses");
                await Assertions.Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Off");

                var download = await page.RunAndWaitForDownloadAsync(() =>
                    page.GetByRole(AriaRole.Button, new() { Name = "Download my data" }).ClickAsync());
                using (var json = JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!)))
                {
                    var decisions = json.RootElement.GetProperty("consentHistory").EnumerateArray()
                        .Select(r => $"{r.GetProperty("choice").GetString()} {r.GetProperty("decision").GetString()}").ToList();
                    Assert.Equal(["ContactDetails on", "ShippingAddresses on", "ShippingAddresses off"], decisions);
                    Assert.Equal(0, json.RootElement.GetProperty("addresses").GetArrayLength());
                }

                await page.GetByRole(AriaRole.Link, new() { Name = "Delete my account" }).ClickAsync();
                await Assertions.Expect(Heading(page)).ToHaveTextAsync("Delete my account");
                await page.AssertNoAxeViolationsAsync();
                await page.AssertFitsAPhoneAsync();
                await page.GetByLabel("Password").FillAsync(Password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account" }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your account has been deleted");
                await page.AssertNoAxeViolationsAsync();
                await page.AssertFitsAPhoneAsync();

                await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
                await page.GetByLabel("Email").FillAsync(email);
                await page.GetByLabel("Password").FillAsync(Password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
                await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The email or password is not right.");
                await page.AssertNoAxeViolationsAsync();
                await page.AssertFitsAPhoneAsync();
            }, "story-after-restart");
        }
        finally
        {
            shop.Dispose();
        }
    }

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        Directory.Delete(profile, recursive: true);
    }
}
