using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>The webhook endpoints over HTTP, with events signed as the Test provider (Stripe's scheme) signs them.</summary>
public sealed class PaymentWebhooksTests(PaymentWebhooksTests.Shop factory) : IClassFixture<PaymentWebhooksTests.Shop>
{
    public sealed class Shop() : ShopFactory(new Dictionary<string, string?> { ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true" });

    private const string Secret = "whsec_shopweb_test_provider"; // the Test provider's default

    [Fact]
    public async Task A_forged_or_stale_signature_gets_a_400_and_changes_nothing_a_good_one_pays_once()
    {
        var (email, sessionId, completed) = await OpenCardOrderAsync();
        using var provider = factory.CreateClient();

        var forged = await PostAsync(provider, completed, TestSignature.Sign(completed, "whsec_someone_else", factory.Clock.GetUtcNow()));
        var stale = await PostAsync(provider, completed, TestSignature.Sign(completed, Secret, factory.Clock.GetUtcNow().AddMinutes(-6)));
        var unsigned = await PostAsync(provider, completed, signature: null);
        var garbage = await PostAsync(provider, "{\"id\": [", TestSignature.Sign("{\"id\": [", Secret, factory.Clock.GetUtcNow()));

        // Signed with the right secret at a time past any date (it was a 500: the time did not fit DateTimeOffset).
        var farFuture = await PostAsync(provider, completed, SignedAt("99999999999999", completed, Secret));

        // Signed, and no provider's: a negative amount, a currency that is no code (they were kept, and shown as a flagged payment).
        var negative = CardOrderSteps.WithSessionField(completed, "amount_total", -5);
        var negativeAmount = await PostAsync(provider, negative, TestSignature.Sign(negative, Secret, factory.Clock.GetUtcNow()));
        var nul = CardOrderSteps.WithSessionField(completed, "currency", "\0");
        var nulCurrency = await PostAsync(provider, nul, TestSignature.Sign(nul, Secret, factory.Clock.GetUtcNow()));

        // Signed, with a key given twice in one object (it was a 500: the parser's ArgumentException).
        var twice = completed.Replace("\"object\":{\"id\":", "\"object\":{\"id\":\"tps_other\",\"id\":", StringComparison.Ordinal);
        Assert.NotEqual(completed, twice);
        var twiceKey = await PostAsync(provider, twice, TestSignature.Sign(twice, Secret, factory.Clock.GetUtcNow()));

        foreach (var refused in new[] { forged, stale, unsigned, garbage, farFuture, negativeAmount, nulCurrency, twiceKey })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderOfAsync(email)).Status);
        Assert.Equal(0, await factory.WithDbAsync(db => db.PaymentEvents.CountAsync(e => e.SessionId == sessionId)));

        var signature = TestSignature.Sign(completed, Secret, factory.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, completed, signature)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, completed, signature)).StatusCode); // the same event again: no effect

        Assert.Equal(OrderStatus.Paid, (await factory.OrderOfAsync(email)).Status);
        Assert.Equal(1, await factory.WithDbAsync(db => db.PaymentEvents.CountAsync(e => e.SessionId == sessionId)));
        Assert.Single(factory.Mail.To(email));
    }

    private static string SignedAt(string t, string body, string secret) =>
        $"t={t},v1={Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"{t}.{body}")))}";

    [Fact]
    public async Task Unknown_event_types_get_a_200_and_only_the_configured_provider_answers()
    {
        using var provider = factory.CreateClient();
        var unknown = "{\"id\":\"evt_test_unknown1\",\"object\":\"event\",\"type\":\"customer.created\",\"data\":{\"object\":{\"id\":\"cus_1\"}}}";
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, unknown, TestSignature.Sign(unknown, Secret, factory.Clock.GetUtcNow()))).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await provider.PostAsync("/payments/stripe/webhook", new StringContent(unknown))).StatusCode);
        var tooLarge = new StringContent(new string('x', PaymentWebhooks.MaxBodyBytes + 1));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await provider.PostAsync("/payments/test/webhook", tooLarge)).StatusCode);

        using var noCard = new ShopFactory();
        using var client = noCard.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/payments/test/webhook", new StringContent(unknown))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/payments/test/tps_000000000000000000000000")).StatusCode);
    }

    [Fact]
    public async Task A_burst_of_events_from_one_address_is_not_cut_by_the_per_address_limit()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true", ["RateLimits:RequestsPerMinute"] = "5",
        });
        using var provider = shop.CreateClient();
        for (var i = 0; i < 20; i++)
        {
            var body = $"{{\"id\":\"evt_test_burst{i}\",\"object\":\"event\",\"type\":\"customer.created\",\"data\":{{\"object\":{{\"id\":\"cus_1\"}}}}}}";
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(provider, body, TestSignature.Sign(body, Secret, shop.Clock.GetUtcNow()))).StatusCode);
        }
    }

    /// <summary>A card order placed through the checkout, left on the hosted page; and its "completed" event, unsigned.</summary>
    private async Task<(string Email, string SessionId, string Completed)> OpenCardOrderAsync()
    {
        var jug = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug", stock: 5);
        var email = AccountSteps.NewEmail("webhook");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var hosted = await browser.CheckoutByCardAsync(email);
        var id = hosted.Address().Split('/')[^1];
        var session = await factory.WithDbAsync(db => db.TestPaymentSessions.AsNoTracking().SingleAsync(s => s.Id == id));
        session.State = TestPaymentState.Paid; // as the provider would say it once paid (not saved)
        session.PaymentId = "tpi_webhooktest";
        return (email, session.Id, TestPaymentProvider.EventBody("checkout.session.completed", session));
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/payments/test/webhook") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.Add(PaymentWebhooks.SignatureHeader, signature);
        }

        return await client.SendAsync(request);
    }
}
