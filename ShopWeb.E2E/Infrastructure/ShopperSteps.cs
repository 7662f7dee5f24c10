using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure.Telemetry;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>Journeys several E2E tests take, as a shopper takes them: by visible links, labels and buttons.</summary>
public static class ShopperSteps
{
    public const string Password = "a long and happy passphrase";

    public static ILocator AccountMenu(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Account" });

    public static async Task RegisterAndConfirmAsync(IPage page, IShopSite shop, string email)
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

        await page.GotoAsync(shop.Mail.LinkInLatestEmail(email, "Confirm my email"));
        await page.AssertNoAxeViolationsAsync();
        await page.GetByLabel("Your password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your email address is confirmed");
    }

    public static async Task SignInAsync(IPage page, string email, bool rememberMe)
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
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome to ShopWeb");
        await page.AssertNoAxeViolationsAsync();
    }

    public static async Task SignOutAsync(IPage page)
    {
        await AccountMenu(page).Locator("summary").ClickAsync();
        await AccountMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have signed out.");
    }

    /// <summary>Fills the shipping address fields (the address book's and the checkout's are the same partial).</summary>
    public static async Task FillAddressAsync(IPage page, string name, string line1, string city, string postalCode, string country)
    {
        await page.GetByLabel("Full name", new() { Exact = true }).FillAsync(TypedPersonalData.Name(name));
        await page.GetByLabel("Address line 1").FillAsync(TypedPersonalData.PostalAddress(line1));
        await page.GetByLabel("Town or city").FillAsync(TypedPersonalData.PostalAddress(city));
        await page.GetByLabel("Postal code").FillAsync(TypedPersonalData.PostalAddress(postalCode));
        await page.GetByLabel("Country").SelectOptionAsync(new SelectOptionValue { Label = country });
    }

    public static ILocator Heading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Level = 1 });

    /// <summary>Opens an entry of the account menu.</summary>
    public static async Task OpenAccountPageAsync(IPage page, string heading, string? link = null)
    {
        await AccountMenu(page).Locator("summary").ClickAsync();
        await AccountMenu(page).GetByRole(AriaRole.Link, new() { Name = link ?? heading, Exact = true }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync(heading);
        await page.AssertNoAxeViolationsAsync();
    }
}
