using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Payments;

namespace ShopWeb.Tests.Infrastructure.Telemetry;

/// <summary>Every instrument of ShopMetrics moves where its thing happens, through the pages, the webhook and the services.</summary>
public sealed class ShopMetricsTests(CardShop factory) : IClassFixture<CardShop>
{
    [Fact]
    public async Task An_order_counts_itself_the_stock_it_took_to_zero_and_its_email_queued_and_sent()
    {
        using var metrics = new MetricsRecorder(factory);
        var last = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Last one", stock: 1);
        var other = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Plenty", stock: 10);
        var email = AccountSteps.NewEmail("metrics");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(last);
        await browser.AddToCartAsync(other);
        await browser.CheckoutAsync(CheckoutSteps.GuestFields(email));
        Assert.Single(factory.Mail.To(email)); // waits until the outbox has sent it

        Assert.Equal(1, metrics["shop.orders.placed"]);
        Assert.Equal(1, metrics["shop.stock_outs"]);
        Assert.Equal(1, metrics["shop.emails.queued"]);
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(metrics["shop.emails.sent"] == 1)));
        Assert.Equal(0, metrics["shop.emails.failed"]);
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(metrics.Gauge("shop.outbox.age") == 0)));
    }

    [Fact]
    public async Task Webhooks_count_received_duplicated_and_rejected_events_and_payments_applied_flagged_and_refunded()
    {
        using var metrics = new MetricsRecorder(factory);
        using var provider = factory.CreateClient();
        var (_, completed) = await OpenCardOrderAsync(amountOff: 0);

        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(provider, completed, TestSignature.Sign(completed, "whsec_someone_else", factory.Clock.GetUtcNow()))).StatusCode);
        var signature = TestSignature.Sign(completed, Secret, factory.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, completed, signature)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, completed, signature)).StatusCode); // the same event again

        Assert.Equal(1, metrics["shop.webhooks.rejected"]);
        Assert.Equal(2, metrics["shop.webhooks.received"]);
        Assert.Equal(1, metrics["shop.webhooks.duplicated"]);
        Assert.Equal(1, metrics["shop.payments.applied"]);
        Assert.Equal(0, metrics["shop.payments.flagged"]);

        var (_, wrongAmount) = await OpenCardOrderAsync(amountOff: 1);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, wrongAmount, TestSignature.Sign(wrongAmount, Secret, factory.Clock.GetUtcNow()))).StatusCode);
        Assert.Equal(1, metrics["shop.payments.flagged"]);
        Assert.Equal(1, metrics["shop.payments.applied"]);

        // A refund needs the provider's own record of the payment: an order paid the real way (its event counted too).
        var (_, _, refundable, _) = await factory.PaidCardOrderAsync();
        Assert.Equal(2, metrics["shop.payments.applied"]);
        var payment = await factory.WithDbAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.OrderId == refundable && p.Status == PaymentStatus.Paid));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var refunds = scope.ServiceProvider.GetRequiredService<Refunds>();
            Assert.IsType<RefundOutcome.Done>(await refunds.RefundAsync(refundable, payment.Id, 100, "Chipped", "metrics-refund"));
            Assert.IsType<RefundOutcome.Done>(await refunds.RefundAsync(refundable, payment.Id, 100, "Chipped", "metrics-refund")); // the same key: the same refund
        }

        Assert.Equal(1, metrics["shop.payments.refunded"]);
    }

    [Fact]
    public async Task Sign_ins_count_successes_failures_and_lockouts_for_real_and_unknown_accounts()
    {
        using var metrics = new MetricsRecorder(factory);
        var email = await factory.CreateAccountAsync();
        using var browser = factory.CreateBrowser();
        Assert.True((await browser.SignInAsync(email)).IsSignedIn());
        Assert.Equal(1, metrics["shop.signins.succeeded"]);

        using var guesser = factory.CreateBrowser();
        var victim = await factory.CreateAccountAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await guesser.SignInAsync(victim, "not the password at all");
        }

        Assert.Equal(4, metrics["shop.signins.failed"]);
        Assert.Equal(1, metrics["shop.signins.locked_out"]);
        await guesser.SignInAsync(victim); // the right password, but locked
        Assert.Equal(2, metrics["shop.signins.locked_out"]);

        await guesser.SignInAsync(AccountSteps.NewEmail("nobody"), "not the password at all");
        Assert.Equal(5, metrics["shop.signins.failed"]);
        Assert.Equal(1, metrics["shop.signins.succeeded"]);
    }

    [Fact]
    public async Task The_page_cache_counts_a_miss_then_a_hit()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Cached jug");
        using var metrics = new MetricsRecorder(factory);
        using var visitor = factory.CreateClient();
        using var first = await visitor.GetAsync($"/products/{product.Slug}");
        using var second = await visitor.GetAsync($"/products/{product.Slug}");
        Assert.Null(first.Headers.Age);
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(1, metrics["shop.output_cache.misses"]);
        Assert.Equal(1, metrics["shop.output_cache.hits"]);
    }

    private const string Secret = "whsec_shopweb_test_provider"; // the Test provider's default

    /// <returns>The order, and the provider's signed-to-be event of its payment (for <paramref name="amountOff"/> less than it asked).</returns>
    private async Task<(int OrderId, string Completed)> OpenCardOrderAsync(long amountOff)
    {
        var jug = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug", stock: 5);
        var email = AccountSteps.NewEmail("webhook");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var hosted = await browser.CheckoutByCardAsync(email);
        var id = hosted.Address().Split('/')[^1];
        var open = await factory.WithDbAsync(db => db.TestPaymentSessions.AsNoTracking().SingleAsync(s => s.Id == id));
        var paid = new TestPaymentSession
        {
            Id = open.Id, OrderNumber = open.OrderNumber, AmountMinor = open.AmountMinor - amountOff, Currency = open.Currency,
            Description = open.Description, SuccessUrl = open.SuccessUrl, CancelUrl = open.CancelUrl, CreatedAt = open.CreatedAt,
            ExpiresAt = open.ExpiresAt, State = TestPaymentState.Paid, PaymentId = "tpi_" + open.Id,
        };
        var order = await factory.OrderOfAsync(email);
        return (order.Id, TestPaymentProvider.EventBody("checkout.session.completed", paid));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/payments/test/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(PaymentWebhooks.SignatureHeader, signature);
        return await client.SendAsync(request);
    }
}
