using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Checkout;

/// <summary>Shipping fees, the free-shipping threshold and the tax wording come from configuration, and every page says the same.</summary>
public sealed class ShippingFeesTests
{
    [Fact]
    public async Task Configured_fees_and_threshold_price_the_order_and_every_page_states_them()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?>
        {
            ["Seed:DemoCatalog"] = "false",
            ["Shop:Shipping:StandardFee"] = "3.50",
            ["Shop:Shipping:ExpressFee"] = "12",
            ["Shop:Shipping:FreeFrom"] = "100",
            ["Shop:TaxRatePercent"] = "20",
        });
        var category = await shop.CreateCategoryAsync();
        var lamp = await shop.CreateProductAsync(category, "Fee Lamp", priceMinor: 6000, stock: 10);
        var email = AccountSteps.NewEmail("guest");
        using var browser = shop.CreateBrowser();

        var cart = await browser.AddToCartAsync(lamp);
        Assert.Contains("Standard shipping €3.50, free from €100.00; Express €12.00.", cart.Find("main")?.TextContent);
        var checkout = await browser.GetAsync("/checkout");
        Assert.Equal("Standard (3–5 working days, free from €100.00): €3.50", checkout.Find("label[for=shipping-Standard]")?.TextContent);
        Assert.Equal("Express (1–2 working days): €12.00", checkout.Find("label[for=shipping-Express]")?.TextContent);
        var footer = checkout.Find("footer")?.TextContent;
        Assert.Contains("Standard shipping €3.50, free from €100.00; Express €12.00.", footer);
        Assert.Contains("20% tax is added at checkout", footer);
        Assert.DoesNotContain("include", footer, StringComparison.OrdinalIgnoreCase);

        Assert.Equal("Thank you for your order", (await browser.SubmitAsync(checkout, "#checkout", CheckoutSteps.GuestFields(email), button: "Place order")).Heading);
        var order = await shop.WithDbAsync(db => db.Orders.SingleAsync(o => o.Email == email));
        Assert.Equal((6000, 350, 1200, 7550), (order.SubtotalMinor, order.ShippingMinor, order.TaxMinor, order.TotalMinor));

        using var again = shop.CreateBrowser();
        await again.AddToCartAsync(lamp, 2);
        var express = CheckoutSteps.GuestFields(email);
        express["Input.Shipping"] = nameof(ShippingMethod.Express);
        await again.CheckoutAsync(express);
        var orders = await shop.WithDbAsync(db => db.Orders.Where(o => o.Email == email).OrderBy(o => o.Id).Select(o => o.ShippingMinor).ToListAsync());
        Assert.Equal([350, 1200], orders);
    }

    [Fact]
    public async Task By_default_standard_is_four_ninety_and_free_from_fifty_express_nine_ninety_and_no_tax_is_claimed()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        var category = await shop.CreateCategoryAsync();
        var cup = await shop.CreateProductAsync(category, "Fee Cup", priceMinor: 2000, stock: 10);
        using var browser = shop.CreateBrowser();

        var home = await browser.GetAsync("/");
        var footer = home.Find("footer")?.TextContent;
        Assert.Contains("Standard shipping €4.90, free from €50.00; Express €9.90.", footer);
        Assert.DoesNotContain("tax", footer, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("VAT", footer, StringComparison.Ordinal);

        await browser.AddToCartAsync(cup, 3);
        var checkout = await browser.GetAsync("/checkout");
        Assert.Equal("Standard (3–5 working days, free from €50.00): €0.00", checkout.Find("label[for=shipping-Standard]")?.TextContent);
        Assert.Equal("Express (1–2 working days): €9.90", checkout.Find("label[for=shipping-Express]")?.TextContent);
    }
}
