using System.Globalization;
using ShopWeb.Payments;
using ShopWeb.Payments.Stripe;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>
/// The Stripe adapter as the shop registers it (Stripe.net's own client over the shop's HttpClient), against the
/// in-process stub of Stripe's API: what it sends for each call, and how it reads what comes back.
/// </summary>
public sealed class StripePaymentProviderTests(StripeShop shop) : IClassFixture<StripeShop>
{
    private const string Sessions = "/v1/checkout/sessions";

    [Fact]
    public async Task The_shop_uses_the_Stripe_adapter_with_its_secret_key()
    {
        var name = await shop.WithProviderAsync(provider => Task.FromResult(provider.Name));
        Assert.Equal(StripePaymentProvider.ProviderName, name);

        await CreateAsync(Request("SW-KEY", "EUR", [new("Mug", 1290, 1)]));

        var sent = shop.Stub.Received("POST", Sessions).Single(r => r.Form["client_reference_id"] == "SW-KEY");
        Assert.Equal("Bearer " + StripeShop.SecretKey, sent.Headers["Authorization"]);
    }

    [Fact]
    public async Task A_session_sends_the_order_lines_in_minor_units_with_its_urls_expiry_reference_and_idempotency_key()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(45);
        var request = Request("SW-EUR-1", "EUR", [new("Enamel mug", 1290, 2), new("Shipping", 490, 1), new("Tax", 516, 1)], expiresAt);

        var session = await CreateAsync(request);

        var sent = shop.Stub.Received("POST", Sessions).Single(r => r.Form["client_reference_id"] == "SW-EUR-1");
        var form = sent.Form;
        var lines = sent.LineItems;
        Assert.Equal("payment", form["mode"]);
        Assert.Equal(request.IdempotencyKey, sent.Headers["Idempotency-Key"]);
        Assert.Equal("ada@shop.test", form["customer_email"]);
        Assert.Equal(request.SuccessUrl, form["success_url"]);
        Assert.Equal(request.CancelUrl, form["cancel_url"]);
        Assert.Equal(expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), form["expires_at"]);
        Assert.Equal("SW-EUR-1", form["metadata[order_number]"]);
        Assert.Equal(["eur", "eur", "eur"], lines.Select(l => l.Currency));
        Assert.Equal([("Enamel mug", 1290L, 2L), ("Shipping", 490L, 1L), ("Tax", 516L, 1L)], lines.Select(l => (l.Name, l.UnitAmount, l.Quantity)));
        Assert.Equal(request.TotalMinor, lines.Sum(l => l.UnitAmount * l.Quantity));

        Assert.StartsWith("cs_test_", session.SessionId);
        Assert.Equal(StripeStub.HostedPage(session.SessionId), session.Url);
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), session.ExpiresAt.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("JPY", 1200, "jpy", 1200)] // no minor unit: ¥1,200 is 1200
    [InlineData("EUR", 1290, "eur", 1290)] // €12.90
    [InlineData("KWD", 12340, "kwd", 12340)] // three digits: 12.340 KWD
    [InlineData("ISK", 1200, "isk", 120000)] // whole krónur at ISO, two-decimal at Stripe
    public async Task Amounts_go_to_Stripe_in_its_minor_units_of_the_currency(string currency, long unitMinor, string sentCurrency, long sentAmount)
    {
        var number = "SW-" + currency + "-" + Guid.NewGuid().ToString("N")[..6];
        await CreateAsync(Request(number, currency, [new("Item", unitMinor, 1)]));

        var line = Assert.Single(shop.Stub.Received("POST", Sessions).Single(r => r.Form["client_reference_id"] == number).LineItems);
        Assert.Equal(sentCurrency, line.Currency);
        Assert.Equal(sentAmount, line.UnitAmount);
    }

    [Fact]
    public async Task A_hold_shorter_than_Stripe_allows_is_sent_as_Stripe_s_shortest_session()
    {
        var now = shop.Factory.Clock.GetUtcNow();
        await CreateAsync(Request("SW-SHORT", "EUR", [new("Mug", 1290, 1)], now.AddMinutes(30)));

        var form = shop.Stub.Received("POST", Sessions).Single(r => r.Form["client_reference_id"] == "SW-SHORT").Form;
        var sent = DateTimeOffset.FromUnixTimeSeconds(long.Parse(form["expires_at"], CultureInfo.InvariantCulture));
        Assert.InRange(sent - now, TimeSpan.FromMinutes(30.5), TimeSpan.FromMinutes(32));
    }

    [Theory]
    [InlineData("open", "unpaid", SessionState.Open)]
    [InlineData("complete", "paid", SessionState.Paid)]
    [InlineData("complete", "no_payment_required", SessionState.Paid)]
    [InlineData("complete", "unpaid", SessionState.Open)] // a delayed payment still under way
    [InlineData("expired", "unpaid", SessionState.Expired)]
    public async Task A_session_s_status_and_payment_status_map_to_the_shop_s_state(string status, string paymentStatus, SessionState expected)
    {
        var id = "cs_test_get_" + Guid.NewGuid().ToString("N");
        shop.Stub.HasSession(id, status, paymentStatus, 2038, "eur", paymentStatus == "paid" ? "pi_get_1" : null);

        var seen = await shop.WithProviderAsync(provider => provider.GetSessionAsync(id, CancellationToken.None));

        Assert.Equal(expected, seen.State);
        Assert.Equal(2038, seen.AmountMinor);
        Assert.Equal("EUR", seen.Currency);
        Assert.Equal(paymentStatus == "paid" ? "pi_get_1" : null, seen.ProviderPaymentId);
        Assert.Single(shop.Stub.Received("GET", $"{Sessions}/{id}"));
    }

    [Fact]
    public async Task Expiring_an_open_session_asks_Stripe_to_expire_it()
    {
        var id = "cs_test_open_" + Guid.NewGuid().ToString("N");
        shop.Stub.ExpiresSession(id, open: true);

        await shop.WithProviderAsync(async provider => { await provider.ExpireSessionAsync(id, CancellationToken.None); return 0; });

        Assert.Single(shop.Stub.Received("POST", $"{Sessions}/{id}/expire"));
    }

    [Fact]
    public async Task Expiring_a_session_that_already_ended_keeps_it_as_it_is()
    {
        var id = "cs_test_done_" + Guid.NewGuid().ToString("N");
        shop.Stub.ExpiresSession(id, open: false);
        shop.Stub.HasSession(id, "complete", "paid", 1290, "eur", "pi_done");

        await shop.WithProviderAsync(async provider => { await provider.ExpireSessionAsync(id, CancellationToken.None); return 0; });

        Assert.Single(shop.Stub.Received("POST", $"{Sessions}/{id}/expire"));
        Assert.Single(shop.Stub.Received("GET", $"{Sessions}/{id}"));
    }

    [Fact]
    public async Task Stripe_s_refusal_to_expire_a_session_still_open_is_not_hidden()
    {
        var id = "cs_test_stuck_" + Guid.NewGuid().ToString("N");
        shop.Stub.ExpiresSession(id, open: false);
        shop.Stub.HasSession(id, "open", "unpaid", 1290, "eur", null);

        await Assert.ThrowsAsync<global::Stripe.StripeException>(() =>
            shop.WithProviderAsync(async provider => { await provider.ExpireSessionAsync(id, CancellationToken.None); return 0; }));
    }

    [Fact]
    public async Task A_refund_goes_by_payment_intent_with_its_amount_and_the_refund_s_idempotency_key_every_time_it_is_sent()
    {
        var paymentIntent = "pi_refund_" + Guid.NewGuid().ToString("N")[..10];
        var request = new ProviderRefundRequest("cs_test_refund", paymentIntent, 500, "EUR", "refund-key-" + Guid.NewGuid().ToString("N"));

        var first = await shop.WithProviderAsync(provider => provider.RefundAsync(request, CancellationToken.None));
        var again = await shop.WithProviderAsync(provider => provider.RefundAsync(request, CancellationToken.None));

        Assert.True(first.Succeeded);
        Assert.StartsWith("re_", first.RefundId);
        Assert.Equal(first, again);
        var sent = shop.Stub.Received("POST", "/v1/refunds").Where(r => r.Form["payment_intent"] == paymentIntent).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, r =>
        {
            Assert.Equal(request.IdempotencyKey, r.Headers["Idempotency-Key"]);
            Assert.Equal("500", r.Form["amount"]);
        });
    }

    [Fact]
    public async Task A_refund_without_a_known_payment_intent_takes_the_session_s()
    {
        var id = "cs_test_refund_" + Guid.NewGuid().ToString("N");
        var paymentIntent = "pi_of_" + id[^10..];
        shop.Stub.HasSession(id, "complete", "paid", 2038, "eur", paymentIntent);

        var refund = await shop.WithProviderAsync(provider =>
            provider.RefundAsync(new ProviderRefundRequest(id, null, 2038, "EUR", "refund-key-" + Guid.NewGuid().ToString("N")), CancellationToken.None));

        Assert.True(refund.Succeeded);
        Assert.Equal("2038", shop.Stub.Received("POST", "/v1/refunds").Single(r => r.Form["payment_intent"] == paymentIntent).Form["amount"]);
    }

    [Fact]
    public async Task A_refund_Stripe_refuses_for_good_is_not_made()
    {
        var paymentIntent = "pi_refused_" + Guid.NewGuid().ToString("N")[..10];
        shop.Stub.RefusesRefunds(paymentIntent);

        var refund = await shop.WithProviderAsync(provider =>
            provider.RefundAsync(new ProviderRefundRequest("cs_test_x", paymentIntent, 99999, "EUR", "refund-key-" + Guid.NewGuid().ToString("N")), CancellationToken.None));

        Assert.False(refund.Succeeded);
        Assert.Single(shop.Stub.Received("POST", "/v1/refunds"), r => r.Form["payment_intent"] == paymentIntent);
    }

    private Task<HostedSession> CreateAsync(SessionRequest request) =>
        shop.WithProviderAsync(provider => provider.CreateSessionAsync(request, CancellationToken.None));

    private static SessionRequest Request(string number, string currency, IReadOnlyList<SessionLine> lines, DateTimeOffset? expiresAt = null) =>
        new(number, currency, lines, "ada@shop.test", $"http://localhost/checkout/return?attempt={number}",
            $"http://localhost/checkout/return?attempt={number}&cancelled=true", expiresAt ?? DateTimeOffset.UtcNow.AddHours(1), "attempt-" + Guid.NewGuid().ToString("N"));
}
