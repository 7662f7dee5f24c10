using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Orders;

/// <summary>
/// "Pay now" on the order page, with a provider that reports the end of a session the moment the shop ends it (as
/// Stripe's <c>checkout.session.expired</c> webhook can, while the shop is still opening the new page), and without
/// the reconciler, whose minute would otherwise decide some of these on its own.
/// </summary>
public sealed class PayNowTests(PayNowTests.Shop factory) : IClassFixture<PayNowTests.Shop>
{
    public sealed class Shop() : ShopFactory(CardPaymentSteps.TestProvider(), services: services =>
    {
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PaymentReconciler)));
        services.AddScoped<IPaymentProvider>(s => new ReportsEachEnd(s.GetRequiredService<TestPaymentProvider>(), s.GetRequiredService<IServiceScopeFactory>()));
    });

    [Fact]
    public async Task Within_the_hold_a_new_page_keeps_the_order_though_the_old_pages_end_is_reported_at_once()
    {
        var (browser, jug, email, orderPage, hosted) = await LeftThePaymentPageAsync();

        var secondPage = await browser.OnOrderPageAsync(orderPage, "#pay-now", "Pay now");

        Assert.StartsWith("/payments/test/", secondPage.Address());
        Assert.NotEqual(hosted.Address(), secondPage.Address());
        var order = await factory.OrderOfAsync(email);
        Assert.Equal(OrderStatus.AwaitingPayment, order.Status);
        Assert.Equal([PaymentStatus.Expired, PaymentStatus.Open], order.Payments.OrderBy(p => p.Id).Select(p => p.Status));
        Assert.Equal(4, await factory.StockOfAsync(jug.Id));
        Assert.Null((await browser.GetAsync(hosted.Address())).Find("#test-payment")); // the first page cannot be paid any more

        await browser.PressAsync(secondPage, "Pay");
        Assert.Equal(OrderStatus.Paid, (await factory.OrderOfAsync(email)).Status);
        browser.Dispose();
    }

    [Fact]
    public async Task Past_the_orders_hold_pay_now_opens_no_new_page_and_the_stock_is_not_held_longer()
    {
        var (browser, jug, email, orderPage, _) = await LeftThePaymentPageAsync();
        var hold = TimeSpan.FromMinutes(new PaymentOptions().HoldMinutes);

        // Near the end of the order's hold, a new page: it lasts a whole hold of its own, the least a hosted page lasts.
        factory.Clock.Advance(hold - TimeSpan.FromMinutes(1));
        var lastPage = await browser.OnOrderPageAsync(orderPage, "#pay-now", "Pay now");
        Assert.StartsWith("/payments/test/", lastPage.Address());

        // Past the order's hold: that page again, not a new one.
        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var again = await browser.OnOrderPageAsync(await browser.GetAsync(orderPage.Address()), "#pay-now", "Pay now");
        Assert.Equal(lastPage.Address(), again.Address());
        Assert.Equal(2, (await factory.OrderOfAsync(email)).Payments.Count);
        Assert.Equal(4, await factory.StockOfAsync(jug.Id));

        // Once that page has ended too, the order ends with it: cancelled, its stock back.
        factory.Clock.Advance(hold);
        var ended = await browser.OnOrderPageAsync(await browser.GetAsync(orderPage.Address()), "#pay-now", "Pay now");
        Assert.Contains("no longer waiting for a payment", ended.Find("[role=status]")?.TextContent);
        var order = await factory.OrderOfAsync(email);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(2, order.Payments.Count);
        Assert.Equal(5, await factory.StockOfAsync(jug.Id));
        browser.Dispose();
    }

    [Fact]
    public async Task An_order_with_a_page_open_is_not_cancelled_by_the_end_of_an_earlier_one()
    {
        var (browser, jug, email, orderPage, _) = await LeftThePaymentPageAsync();
        await browser.OnOrderPageAsync(orderPage, "#pay-now", "Pay now");
        var order = await factory.OrderOfAsync(email);

        // The end of the first page, applied late (its webhook redelivered): the page open now still holds the order.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaymentSignals>().CancelUnpaidAsync(order.Id, "its card payment ended unpaid");
        }

        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderOfAsync(email)).Status);
        Assert.Equal(4, await factory.StockOfAsync(jug.Id));
        browser.Dispose();
    }

    /// <summary>A guest's card order of one jug (stock 5), and back on the order page by the hosted page's "Cancel": the session still open.</summary>
    private async Task<(ShopBrowser Browser, Product Jug, string Email, HtmlPage OrderPage, HtmlPage Hosted)> LeftThePaymentPageAsync()
    {
        var jug = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug", stock: 5);
        var email = AccountSteps.NewEmail("pay-now");
        var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var hosted = await browser.CheckoutByCardAsync(email);
        var orderPage = await browser.PressAsync(hosted, "Cancel");
        Assert.Equal([PaymentStatus.Open], (await factory.OrderOfAsync(email)).Payments.Select(p => p.Status));
        return (browser, jug, email, orderPage, hosted);
    }

    /// <summary>The Test provider, whose every ended session is reported to the shop at once, before the call that ended it returns.</summary>
    private sealed class ReportsEachEnd(TestPaymentProvider inner, IServiceScopeFactory scopes) : IPaymentProvider
    {
        public string Name => inner.Name;

        public Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken) => inner.CreateSessionAsync(request, cancellationToken);

        public Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.GetSessionAsync(sessionId, cancellationToken);

        public async Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken)
        {
            await inner.ExpireSessionAsync(sessionId, cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PaymentSignals>().ApplyStatusAsync(inner, sessionId, cancellationToken);
        }

        public Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);

        public PaymentSignal ReadSignal(string body, string? signatureHeader) => inner.ReadSignal(body, signatureHeader);
    }
}
