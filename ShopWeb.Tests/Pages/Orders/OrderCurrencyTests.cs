using Microsoft.EntityFrameworkCore;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Orders;

/// <summary>An order is shown in the currency it was placed in, whatever <c>Shop:Currency</c> says later.</summary>
public sealed class OrderCurrencyTests : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("shopweb-currency-");

    [Fact]
    public async Task An_order_placed_in_euros_still_shows_euros_after_the_shop_switches_to_dollars()
    {
        string email, number;
        using (var euroShop = Shop("EUR"))
        {
            var category = await euroShop.CreateCategoryAsync();
            var product = await euroShop.CreateProductAsync(category, "Currency Jug", priceMinor: 1250, stock: 5);
            email = await euroShop.CreateAccountAsync();
            using var shopper = euroShop.CreateBrowser();
            await shopper.SignInAsync(email);
            await shopper.AddToCartAsync(product);
            Assert.Equal("Thank you for your order", (await shopper.CheckoutAsync(CheckoutSteps.GuestFields(email))).Heading);
            number = await euroShop.WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => o.Number).SingleAsync());
        }

        using var dollarShop = Shop("USD");
        using var browser = dollarShop.CreateBrowser();
        await browser.SignInAsync(email);
        var productPage = await browser.GetAsync("/products?q=Currency+Jug");
        Assert.Contains("$12.50", productPage.Find(".product-grid")?.TextContent); // the restarted shop does use dollars

        var list = await browser.GetAsync("/orders");
        Assert.Contains("€17.40", list.Find("main table")?.TextContent);
        AssertOnlyEuros(list, "main table");
        var details = await browser.GetAsync($"/orders/{number}");
        Assert.Contains("€17.40", details.Find("main")?.TextContent);
        AssertOnlyEuros(details, "main");
        var confirmation = await browser.GetAsync($"/checkout/confirmation/{number}");
        Assert.Contains("€17.40", confirmation.Find("main")?.TextContent);
        AssertOnlyEuros(confirmation, "main");

        using var admin = await dollarShop.SignedInAdminAsync();
        var adminList = await admin.GetAsync($"/admin/orders?q={Uri.EscapeDataString(email)}");
        Assert.Contains("€17.40", adminList.Find("#orders")?.TextContent);
        AssertOnlyEuros(adminList, "#orders");
        var adminDetails = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Contains("€17.40", adminDetails.Find("main")?.TextContent);
        Assert.Contains("€12.50", adminDetails.Find("main")?.TextContent);
        AssertOnlyEuros(adminDetails, "main");
        var userId = await dollarShop.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        var customer = await admin.GetAsync($"/admin/customers/{userId}");
        Assert.Contains("€17.40", customer.Find("#orders-heading")?.ParentElement?.TextContent);
        var csv = await admin.Client.GetStringAsync($"/admin/orders?handler=Export&q={Uri.EscapeDataString(email)}");
        Assert.Contains(",\"EUR\",", csv.TrimEnd().Split("\r\n")[1]); // the Currency column, before the Items
    }

    public void Dispose()
    {
        TestStore.Delete(folder.FullName);
    }

    private ShopFactory Shop(string currency) =>
        new(new Dictionary<string, string?> { ["Shop:Currency"] = currency, ["Seed:DemoCatalog"] = "false" }, folder.FullName);

    private static void AssertOnlyEuros(HtmlPage page, string selector) =>
        Assert.DoesNotContain("$", page.Find(selector)?.TextContent ?? throw new InvalidOperationException($"No {selector}."));
}
