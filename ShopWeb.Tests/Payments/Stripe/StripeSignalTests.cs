using System.Net;
using System.Text.Json.Nodes;
using ShopWeb.Payments;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>
/// Stripe's events as the shop reads them: signed by the tests with the documented Stripe-Signature scheme and a test
/// secret, checked by Stripe.net's EventUtility on the shop's clock (5 minutes' tolerance).
/// </summary>
public sealed class StripeSignalTests(StripeShop shop) : IClassFixture<StripeShop>
{
    [Theory]
    [InlineData("checkout.session.completed", "paid", PaymentSignalKind.Paid)]
    [InlineData("checkout.session.completed", "no_payment_required", PaymentSignalKind.Paid)]
    [InlineData("checkout.session.completed", "unpaid", PaymentSignalKind.Ignored)] // a delayed payment: its outcome follows
    [InlineData("checkout.session.async_payment_succeeded", "paid", PaymentSignalKind.Paid)]
    [InlineData("checkout.session.async_payment_failed", "unpaid", PaymentSignalKind.Failed)]
    [InlineData("checkout.session.expired", "unpaid", PaymentSignalKind.Expired)]
    public async Task A_signed_session_event_is_read_with_its_session_amount_and_payment(string type, string paymentStatus, PaymentSignalKind expected)
    {
        var body = StripeEvents.SessionEvent(type, "cs_test_evt", 1290, "eur", paymentStatus, paymentIntent: "pi_evt", eventId: "evt_1");

        var signal = await ReadAsync(body, StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow()));

        Assert.Equal(new PaymentSignal("evt_1", type, expected, "cs_test_evt", 1290, "EUR", "pi_evt"), signal);
    }

    [Fact]
    public async Task A_yen_event_keeps_its_amount_as_it_is()
    {
        var body = StripeEvents.SessionEvent("checkout.session.completed", "cs_test_yen", 1200, "jpy");

        var signal = await ReadAsync(body, StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow()));

        Assert.Equal((1200L, "JPY"), (signal.AmountMinor, signal.Currency));
    }

    [Fact]
    public async Task A_charge_refunded_event_is_read_as_refunded_by_its_payment_intent()
    {
        var body = StripeEvents.ChargeRefunded("pi_refunded", 2038, 500, "eur");

        var signal = await ReadAsync(body, StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow()));

        Assert.Equal((PaymentSignalKind.Refunded, null, 500L, "EUR", "pi_refunded"),
            (signal.Kind, signal.SessionId, signal.AmountMinor, signal.Currency, signal.ProviderPaymentId));
    }

    [Fact]
    public async Task An_event_of_another_type_is_ignored()
    {
        var body = StripeEvents.Event("customer.created", "evt_other", new() { ["id"] = "cus_1", ["object"] = "customer" });

        var signal = await ReadAsync(body, StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow()));

        Assert.Equal((PaymentSignalKind.Ignored, "evt_other", "customer.created"), (signal.Kind, signal.EventId, signal.Type));
    }

    [Fact]
    public async Task A_signature_that_is_a_little_old_or_early_is_still_good()
    {
        var body = StripeEvents.SessionEvent("checkout.session.completed", "cs_test_skew", 1290, "eur");
        var now = shop.Factory.Clock.GetUtcNow();

        Assert.Equal(PaymentSignalKind.Paid, (await ReadAsync(body, StripeEvents.Sign(body, now.AddMinutes(-4.9)))).Kind);
        Assert.Equal(PaymentSignalKind.Paid, (await ReadAsync(body, StripeEvents.Sign(body, now.AddMinutes(4.9)))).Kind);
    }

    public static TheoryData<string> BadSignatures => ["forged", "stale", "tampered", "missing", "malformed", "not-json"];

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_forged_stale_tampered_or_missing_signature_or_a_body_that_is_no_event_is_refused(string how)
    {
        var now = shop.Factory.Clock.GetUtcNow();
        var body = how == "not-json" ? "{\"id\": \"evt_1\", \"type\": " : StripeEvents.SessionEvent("checkout.session.completed", "cs_test_bad", 1290, "eur");
        var (sent, signature) = how switch
        {
            "forged" => (body, StripeEvents.Sign(body, now, secret: "whsec_someone_else")),
            "stale" => (body, StripeEvents.Sign(body, now.AddMinutes(-5).AddSeconds(-1))),
            "tampered" => (body.Replace("1290", "1"), StripeEvents.Sign(body, now)),
            "missing" => (body, (string?)null),
            "malformed" => (body, "v1=abc;t=nothing"),
            _ => (body, StripeEvents.Sign(body, now)),
        };

        await Assert.ThrowsAsync<PaymentSignatureException>(() => ReadAsync(sent, signature));
    }

    [Fact]
    public async Task A_signature_goes_stale_on_the_shop_s_clock()
    {
        var body = StripeEvents.SessionEvent("checkout.session.completed", "cs_test_clock", 1290, "eur");
        var signature = StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow());
        Assert.Equal(PaymentSignalKind.Paid, (await ReadAsync(body, signature)).Kind);

        using var _ = new ClockMoved(shop, TimeSpan.FromMinutes(6));

        await Assert.ThrowsAsync<PaymentSignatureException>(() => ReadAsync(body, signature));
    }

    [Fact]
    public async Task A_signed_event_with_parts_no_stripe_event_has_is_answered_never_with_a_500()
    {
        var refundWithoutCurrency = JsonNode.Parse(StripeEvents.ChargeRefunded("pi_odd", 2038, 500, "eur"))!;
        refundWithoutCurrency["data"]!["object"]!.AsObject().Remove("currency");
        var iskNotWhole = StripeEvents.SessionEvent("checkout.session.completed", "cs_test_isk", 12345, "isk"); // ISK is ×100 at Stripe
        var mgaTooLarge = StripeEvents.SessionEvent("checkout.session.completed", "cs_test_mga", long.MaxValue / 10, "mga");
        var longEventId = StripeEvents.SessionEvent("checkout.session.completed", "cs_test_long", 1290, "eur", eventId: "evt_" + new string('e', 300));
        var noId = JsonNode.Parse(StripeEvents.SessionEvent("checkout.session.completed", "cs_test_noid", 1290, "eur"))!;
        noId.AsObject().Remove("id");
        var noType = JsonNode.Parse(StripeEvents.SessionEvent("checkout.session.completed", "cs_test_notype", 1290, "eur"))!;
        noType["type"] = null;
        var longSession = StripeEvents.SessionEvent("checkout.session.completed", "cs_" + new string('s', 300), 1290, "eur");
        using var stripe = shop.Factory.CreateClient();

        // A refund is recorded by the shop's own refund, so an event of one is kept and has no effect of its own.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(stripe, refundWithoutCurrency.ToJsonString())).StatusCode);
        foreach (var refused in new[] { iskNotWhole, mgaTooLarge, longEventId, longSession, noId.ToJsonString(), noType.ToJsonString() })
        {
            using var response = await PostAsync(stripe, refused);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("The event was not accepted.", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        }
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient client, string body) =>
        client.PostAsync("/payments/stripe/webhook", new StringContent(body, System.Text.Encoding.UTF8, "application/json")
        {
            Headers = { { "Stripe-Signature", StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow()) } },
        });

    private Task<PaymentSignal> ReadAsync(string body, string? signature) =>
        shop.WithProviderAsync(provider => Task.FromResult(provider.ReadSignal(body, signature)));

    // The fixture's shop is shared by this class's tests: its clock goes back when the test ends.
    private sealed class ClockMoved : IDisposable
    {
        private readonly StripeShop shop;
        private readonly TimeSpan by;

        public ClockMoved(StripeShop shop, TimeSpan by)
        {
            (this.shop, this.by) = (shop, by);
            shop.Factory.Clock.Advance(by);
        }

        public void Dispose() => shop.Factory.Clock.Advance(-by);
    }
}
