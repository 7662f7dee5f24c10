using Microsoft.Playwright;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Infrastructure;

/// <summary>What the admin does in several journeys, by visible links, labels and buttons.</summary>
public static class AdminSteps
{
    /// <summary>A 1×1 PNG, the smallest image the upload takes.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    public static async Task SignInAsAdminAsync(IPage admin)
    {
        await admin.GotoAsync("/account/login");
        await admin.GetByLabel("Email").FillAsync(ShopServer.AdminEmail);
        await admin.GetByLabel("Password").FillAsync(ShopServer.AdminPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await OpenAccountPageAsync(admin, "Admin dashboard", link: "Admin");
    }

    /// <summary>Adds a product with an image, in the first category, from the admin's product list.</summary>
    public static async Task AddProductAsync(IPage admin, string name, string slug, string price, int stock)
    {
        await admin.GetByRole(AriaRole.Navigation, new() { Name = "Admin" }).GetByRole(AriaRole.Link, new() { Name = "Products" }).ClickAsync();
        await admin.AssertNoAxeViolationsAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Add a product" }).ClickAsync();
        await Assertions.Expect(Heading(admin)).ToHaveTextAsync("Add a product");
        await admin.AssertNoAxeViolationsAsync();
        await admin.GetByLabel("Name").FillAsync(name);
        await admin.GetByLabel("Address (slug)").FillAsync(slug);
        await admin.GetByLabel("Description").FillAsync($"{name}, added through the admin area.");
        await admin.GetByLabel("Price").FillAsync(price);
        await admin.GetByLabel("Category").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await admin.GetByLabel("Stock to start with").FillAsync(stock.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await admin.GetByLabel("Image (PNG, JPEG, WebP or SVG, at most 2 MB)").SetInputFilesAsync(new FilePayload { Name = "product.png", MimeType = "image/png", Buffer = Png });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save product" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{name} has been saved.");
        await admin.AssertNoAxeViolationsAsync();
    }
}
