using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Checkout;

public sealed class ShoppingJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public Task A_guest_browses_searches_adds_two_products_and_checks_out_paying_on_delivery() => InBrowserAsync(async page =>
    {
        var email = TypedPersonalData.Email("guest");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Products" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Products");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        await page.GetByLabel("Search products").FillAsync("linen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Assertions.Expect(page.Locator(".result-count")).ToContainTextAsync("products");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await AddFirstResultAsync(page, quantity: 2);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Products" }).ClickAsync();
        await page.GetByLabel("Search products").FillAsync("mug");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await AddFirstResultAsync(page, quantity: 1);
        await Assertions.Expect(page.GetByRole(AriaRole.Table).Locator("tbody tr")).ToHaveCountAsync(2);
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Checkout");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        // Placed with nothing filled in: what to correct is said at the top and focused, each problem linked to its field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Checkout");
        await Assertions.Expect(page.Locator("#error-summary")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#error-summary a[href='#Input_Email']")).ToBeVisibleAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Your full name").FillAsync(TypedPersonalData.Name("Ada Guest"));
        await FillAddressAsync(page, "Ada Guest", "1 Analytical Row", "London", "N1 9GU", "United Kingdom");
        await page.GetByLabel("Pay on delivery").CheckAsync();

        // The summary beside "Place order" follows the way of shipping ticked, with no script.
        await Assertions.Expect(page.Locator("#total-Standard")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#total-Express")).ToBeHiddenAsync();
        await page.GetByLabel("Express", new() { Exact = false }).CheckAsync();
        await Assertions.Expect(page.Locator("#total-Express")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#total-Standard")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#shipping-fee-Express")).ToBeVisibleAsync();
        var total = (await page.Locator("#total-Express td").TextContentAsync())!.Trim();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Thank you for your order");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(total);
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        var number = await page.GetByRole(AriaRole.Status).Locator("strong").TextContentAsync();
        Assert.StartsWith("SW-", number);

        var link = Shop.Site.Mail.LinkInLatestEmail(email, "See your order");
        await page.GotoAsync(link);
        await Assertions.Expect(Heading(page)).ToHaveTextAsync($"Order {number}");
        await Assertions.Expect(page.GetByText("Placed: you pay on delivery")).ToBeVisibleAsync(); // nothing owed before the door
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
    });

    [Fact]
    public Task A_shopper_with_saved_details_checks_out_without_typing_and_finds_the_order() => InBrowserAsync(async page =>
    {
        var email = TypedPersonalData.Email("saver");
        await RegisterAndConfirmAsync(page, Shop.Site, email);
        await SignInAsync(page, email, rememberMe: false);
        await OpenAccountPageAsync(page, "Profile");
        await page.GetByLabel("Save my contact details").CheckAsync();
        await page.GetByLabel("Full name").FillAsync(TypedPersonalData.Name("Zoë Martin"));
        await page.GetByLabel("Save my shipping addresses").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await page.GotoAsync("/account/addresses/edit");
        await FillAddressAsync(page, "Zoë Martin", "12 Rue des Lilas", "Lyon", "69003", "France");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save address" }).ClickAsync();

        await page.GotoAsync("/products/enamel-camping-mug");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Address line 1")).ToHaveValueAsync("12 Rue des Lilas");
        await Assertions.Expect(page.GetByLabel("Your full name")).ToHaveValueAsync("Zoë Martin");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Thank you for your order");
        var number = await page.GetByRole(AriaRole.Status).Locator("strong").TextContentAsync();

        await OpenAccountPageAsync(page, "Orders");
        await page.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync($"Order {number}");
        await Assertions.Expect(page.Locator("address")).ToContainTextAsync("12 Rue des Lilas");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
    });

    private static async Task AddFirstResultAsync(IPage page, int quantity)
    {
        var tile = page.Locator(".product-tile").Filter(new() { HasNotText = "Sold out" }).First;
        await tile.GetByRole(AriaRole.Link).ClickAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Cart");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added");
    }
}
