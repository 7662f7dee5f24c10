using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;

namespace ShopWeb.E2E.Pages.Admin;

public sealed class AdminVariantsJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public async Task An_admin_gives_a_product_options_generates_all_but_one_combination_and_stocks_one_in_the_grid()
    {
        var slug = $"admin-tee-{Guid.NewGuid():N}"[..28];
        await using var context = await Shop.Browser.NewContextAsync(new() { BaseURL = Shop.Site.Address.ToString() });

        await RecordAsync(context, async admin =>
        {
            await AdminSteps.SignInAsAdminAsync(admin);
            await AdminSteps.AddProductAsync(admin, "Admin Tee", slug, "15.00", stock: 4);

            await admin.GetByRole(AriaRole.Navigation, new() { Name = "This product" }).GetByRole(AriaRole.Link, new() { Name = "Options" }).ClickAsync();
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            var size = admin.GetByRole(AriaRole.Group, new() { Name = "Option 1" });
            await size.GetByLabel("Name").FillAsync("Size");
            await size.GetByLabel("Values, one per line").FillAsync("S\nM");
            var colour = admin.GetByRole(AriaRole.Group, new() { Name = "Option 2" });
            await colour.GetByLabel("Name").FillAsync("Colour");
            await colour.GetByLabel("Values, one per line").FillAsync("Red\nBlue");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Save options" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("have been saved");

            await admin.GetByRole(AriaRole.Link, new() { Name = "Generate variants" }).ClickAsync();
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            await admin.GetByLabel("M / Blue").CheckAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Generate variants" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("2 variants created");

            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            await Assertions.Expect(admin.Locator("#variant-grid tbody tr")).ToHaveCountAsync(3);
            await Assertions.Expect(admin.GetByLabel("Stock of S / Red")).ToHaveValueAsync("4");
            await admin.GetByLabel("Stock of M / Red").FillAsync("6");
            await admin.GetByLabel("Price of M / Red").FillAsync("16.50");
            await admin.GetByRole(AriaRole.Button, new() { Name = "Save variants" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("3 variants of Admin Tee have been saved");
            await Assertions.Expect(admin.GetByLabel("Stock of M / Red")).ToHaveValueAsync("6");
            await Assertions.Expect(admin.GetByLabel("Price of M / Red")).ToHaveValueAsync("16.50");
        }, "admin-variants");
    }
}
