using ShopWeb.Data;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Payments.Test;

/// <summary><c>Payments:Test:DuplicateEvents=true</c>: every event twice and out of order, and the same single result.</summary>
public sealed class DuplicateEventsTests(DuplicateEventsTests.Shop factory) : IClassFixture<DuplicateEventsTests.Shop>
{
    public sealed class Shop() : ShopFactory(new Dictionary<string, string?>
    {
        ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true", ["Payments:Test:DuplicateEvents"] = "true",
    });

    [Fact]
    public async Task Declined_then_paid_on_the_same_page_with_every_event_twice_and_out_of_order_pays_once()
    {
        var jug = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug", stock: 5);
        var email = AccountSteps.NewEmail("duplicates");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var hosted = await browser.CheckoutByCardAsync(email);

        await browser.PressAsync(hosted, "Decline");
        var tryAgain = await browser.GetAsync(hosted.Address()); // back on the provider's page: another card
        Assert.Contains("declined", tryAgain.Find("[role=status]")?.TextContent);
        var paid = await browser.PressAsync(tryAgain, "Pay"); // "completed", then "failed" again after it, then "completed" again later

        Assert.Contains("payment was received", paid.Find("[role=status]")?.TextContent);
        await Task.Delay(TestEventDelivery.Echo * 4); // the background duplicates run on real time, not the shop's clock
        var order = await factory.OrderOfAsync(email);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(order.Payments).Status);
        Assert.Single(factory.Mail.To(email));
        Assert.Equal(4, await factory.StockOfAsync(jug.Id));
    }

    [Fact]
    public async Task A_declined_payment_with_duplicates_stays_payable_and_pay_now_pays_once()
    {
        var jug = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug", stock: 5);
        var email = AccountSteps.NewEmail("duplicates-declined");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var orderPage = await browser.PressAsync(await browser.CheckoutByCardAsync(email), "Decline");
        await Task.Delay(TestEventDelivery.Echo * 4);
        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderOfAsync(email)).Status);

        var paid = await browser.PressAsync(await browser.OnOrderPageAsync(orderPage, "#pay-now", "Pay now"), "Pay");

        Assert.Contains("payment was received", paid.Find("[role=status]")?.TextContent);
        await Task.Delay(TestEventDelivery.Echo * 4);
        Assert.Equal(OrderStatus.Paid, (await factory.OrderOfAsync(email)).Status);
        Assert.Single(factory.Mail.To(email));
    }
}
