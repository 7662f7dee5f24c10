using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Admin;

public sealed class AdminJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public async Task An_admin_adds_a_product_a_shopper_buys_it_the_admin_ships_it_and_the_audit_log_shows_each_step()
    {
        var slug = $"admin-lamp-{Guid.NewGuid():N}"[..30];
        var shopperEmail = TypedPersonalData.Email("buyer");
        string number = "";

        await using var adminContext = await Shop.Browser.NewContextAsync(new() { BaseURL = Shop.Site.Address.ToString() });
        await using var shopperContext = await Shop.Browser.NewContextAsync(new() { BaseURL = Shop.Site.Address.ToString() });

        await RecordAsync(adminContext, async admin =>
        {
            await AdminSteps.SignInAsAdminAsync(admin);
            await AdminSteps.AddProductAsync(admin, "Admin Lamp", slug, "24.50", stock: 5);
        }, "admin-adds-product");

        await RecordAsync(shopperContext, async page =>
        {
            await RegisterAndConfirmAsync(page, Shop.Site, shopperEmail);
            await SignInAsync(page, shopperEmail, rememberMe: false);
            await page.GotoAsync($"/products/{slug}");
            await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Admin Lamp" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
            await page.GetByLabel("Your full name").FillAsync(TypedPersonalData.Name("Bea Buyer"));
            await FillAddressAsync(page, "Bea Buyer", "5 Market Street", "Leeds", "LS1 1AA", "United Kingdom");
            await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
            await Assertions.Expect(Heading(page)).ToHaveTextAsync("Thank you for your order");
            number = (await page.GetByRole(AriaRole.Status).Locator("strong").TextContentAsync())!;
        }, "shopper-buys");

        await RecordAsync(adminContext, async admin =>
        {
            await admin.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Orders" }).ClickAsync();
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            await admin.GetByRole(AriaRole.Link, new() { Name = number }).ClickAsync();
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            foreach (var status in new[] { "Paid", "Shipped" })
            {
                await admin.GetByLabel("New status").SelectOptionAsync(new SelectOptionValue { Label = status });
                await admin.GetByRole(AriaRole.Button, new() { Name = "Move order" }).ClickAsync();
                await Assertions.Expect(admin.Locator("#order-status")).ToHaveTextAsync(status);
            }

            await admin.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            var log = admin.Locator("#audit tbody");
            await Assertions.Expect(log).ToContainTextAsync("product.create");
            await Assertions.Expect(log.GetByRole(AriaRole.Row).Filter(new() { HasText = number })).ToHaveCountAsync(2);

            foreach (var section in new[] { "Products", "Categories", "Emails", "Dashboard", "System", "Customers" })
            {
                await admin.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = section }).ClickAsync();
                await admin.AssertNoAxeViolationsAsync();
                await admin.AssertFitsAPhoneAsync();
            }

            await admin.Locator("#customers a").First.ClickAsync();
            await Assertions.Expect(Heading(admin)).ToHaveTextAsync("Customer");
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
        }, "admin-ships");

        await RecordAsync(shopperContext, async page =>
        {
            await OpenAccountPageAsync(page, "Orders");
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = number })).ToContainTextAsync("Shipped");
            Assert.Contains("has shipped", Shop.Site.Mail.SubjectOfLatestEmail(shopperEmail));
        }, "shopper-sees-shipped");

        // Deleting a product asks first, and one in past orders is archived instead; a category is changed in place.
        await RecordAsync(adminContext, async admin =>
        {
            await admin.GotoAsync("/admin/categories");
            await admin.Locator("a[aria-label^='Change ']").First.ClickAsync();
            await Assertions.Expect(admin.Locator("#category-form")).ToContainTextAsync("Change ");
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();

            await admin.GotoAsync("/admin/products?q=Admin+Lamp");
            await admin.Locator("#products").GetByRole(AriaRole.Link, new() { Name = "Admin Lamp" }).First.ClickAsync();
            await admin.GetByRole(AriaRole.Link, new() { Name = "Delete product" }).ClickAsync();
            await Assertions.Expect(Heading(admin)).ToHaveTextAsync("Delete Admin Lamp?");
            await Assertions.Expect(admin.Locator("#delete-outcome")).ToContainTextAsync("archived instead");
            await admin.AssertNoAxeViolationsAsync();
            await admin.AssertFitsAPhoneAsync();
            await admin.GetByRole(AriaRole.Button, new() { Name = "Archive product" }).ClickAsync();
            await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Admin Lamp is in past orders, so it has been archived");
        }, "admin-archives");
    }
}
