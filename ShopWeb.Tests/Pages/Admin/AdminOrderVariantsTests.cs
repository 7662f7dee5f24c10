using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;
using ShopWeb.Tests.Pages.Admin.Products;

namespace ShopWeb.Tests.Pages.Admin;

public sealed class AdminOrderVariantsTests(ShopFactory factory) : IClassFixture<ShopFactory>
{
    [Fact]
    public async Task The_admin_order_page_and_the_csv_show_each_lines_sku_and_options_as_ordered()
    {
        var product = await factory.CreateVariantProductAsync("=Tee", [("Size", ["S", "M"]), ("Colour", ["Red", "Blue"])]);
        var sku = await factory.WithDbAsync(async db =>
        {
            // Only M / Blue in stock, so the product page sells it.
            await db.ProductVariants.Where(v => v.ProductId == product.Id && !(v.Option1 == "M" && v.Option2 == "Blue")).ExecuteUpdateAsync(s => s.SetProperty(v => v.Stock, 0));
            return await db.ProductVariants.Where(v => v.ProductId == product.Id && v.Option1 == "M").Select(v => v.Sku).FirstAsync(s => s.EndsWith("-BLUE") || s.EndsWith("-Blue"));
        });
        await factory.CatalogChangedAsync();
        var email = AccountSteps.NewEmail("variant");
        using (var shopper = factory.CreateBrowser())
        {
            await shopper.AddToCartAsync(product, 2);
            await shopper.CheckoutAsync(CheckoutSteps.GuestFields(email));
        }

        var number = await factory.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());

        // Renamed since: the order keeps what was sold.
        await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Sku == sku).ExecuteUpdateAsync(s => s.SetProperty(v => v.Sku, "RENAMED-" + sku)));
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        var line = page.Find("#order-lines tbody tr")!;
        Assert.Equal(("M / Blue", sku), (line.QuerySelector(".line-options")?.TextContent, line.QuerySelector(".line-sku")?.TextContent));

        var csv = await (await admin.Client.GetAsync($"/admin/orders?handler=Export&q={Uri.EscapeDataString(email)}")).Content.ReadAsStringAsync();
        var rows = csv.TrimEnd().Split("\r\n");
        Assert.EndsWith(",Items", rows[0]);
        Assert.EndsWith($",\"2 × =Tee (M / Blue) [{sku}]\"", rows[1]);
    }

    [Fact]
    public async Task The_orders_csv_keeps_its_formula_guard()
    {
        var email = "=cmd@" + AccountSteps.NewEmail("x").Split('@')[1];
        var category = await factory.CreateCategoryAsync();
        var product = await factory.CreateProductAsync(category, "Guarded", stock: 5);
        using (var shopper = factory.CreateBrowser())
        {
            await shopper.AddToCartAsync(product);
            await shopper.CheckoutAsync(CheckoutSteps.GuestFields(email));
        }

        using var admin = await factory.SignedInAdminAsync();
        var csv = await (await admin.Client.GetAsync($"/admin/orders?handler=Export&q={Uri.EscapeDataString(email)}")).Content.ReadAsStringAsync();
        Assert.Contains("\"'=cmd@", csv);
    }
}
