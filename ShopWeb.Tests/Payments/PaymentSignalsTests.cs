using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>
/// The one way to "paid" (Payments/PaymentSignals) under what providers really do: the same payment signalled many
/// times at once, events out of order, money that does not match, forged, stale and repeated events.
/// </summary>
public sealed class PaymentSignalsTests(PaymentSignalsTests.TestProviderShop factory) : IClassFixture<PaymentSignalsTests.TestProviderShop>
{
    public sealed class TestProviderShop() : ShopFactory(CardOrderSteps.TestProvider());

    [Fact]
    public async Task The_same_payment_signalled_fifty_times_at_once_pays_the_order_once_with_one_email_one_paid_payment_and_one_row_per_event()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Kettle " + CatalogSteps.Marker(), stock: 5);
        var order = await factory.PlaceCardOrderAsync(product, quantity: 2);
        var completed = await factory.DecideAsync(order.SessionId, TestPaymentState.Paid);
        var succeeded = await factory.EventAsync("checkout.session.async_payment_succeeded", order.SessionId); // another event id, the same payment
        var (completedSignature, succeededSignature) = (factory.Sign(completed), factory.Sign(succeeded));

        // A third each: the completed event and its duplicates (one id), the other event and its duplicates, and the
        // return page asking the provider; all released at the same moment.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var signals = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return (Kind: i % 3, Outcome: (i % 3) switch
            {
                0 => await factory.ReceiveAsync(completed, completedSignature),
                1 => await factory.ReceiveAsync(succeeded, succeededSignature),
                _ => await factory.ApplyStatusAsync(order.SessionId),
            });
        })).ToList();
        go.SetResult();
        var outcomes = await Task.WhenAll(signals);

        Assert.Single(outcomes, o => o.Outcome is SignalOutcome.Paid);
        Assert.All(outcomes, o => Assert.IsNotType<SignalOutcome.Flagged>(o.Outcome));
        foreach (var kind in new[] { 0, 1 })
        {
            // Each event id took effect once; every other copy of it found its id taken.
            Assert.Single(outcomes, o => o.Kind == kind && o.Outcome is not SignalOutcome.Duplicate);
        }

        var paid = await factory.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Paid, paid.Status);
        var payment = Assert.Single(paid.Payments);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(order.TotalMinor, payment.CapturedMinor);
        Assert.StartsWith("tpi_", payment.ProviderPaymentId);
        Assert.Equal(1, await factory.EventRowsAsync(CardOrderSteps.EventId(completed)));
        Assert.Equal(1, await factory.EventRowsAsync(CardOrderSteps.EventId(succeeded)));
        Assert.Equal(1, factory.Confirmations(order));
        Assert.Equal(3, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task Expired_after_completed_leaves_the_order_paid()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Jug " + CatalogSteps.Marker(), stock: 5);
        var order = await factory.PlaceCardOrderAsync(product);
        var completed = await factory.DecideAsync(order.SessionId, TestPaymentState.Paid);
        Assert.IsType<SignalOutcome.Paid>(await factory.ReceiveAsync(completed, factory.Sign(completed)));

        var expired = await factory.EventAsync("checkout.session.expired", order.SessionId, TestPaymentState.Expired);
        Assert.Equal(new SignalOutcome.Expired(order.OrderId, CancelOrder: false), await factory.ReceiveAsync(expired, factory.Sign(expired)));

        var after = await factory.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Paid, after.Status);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(after.Payments).Status);
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
        Assert.Equal(1, factory.Confirmations(order));
    }

    [Fact]
    public async Task Completed_after_the_order_was_cancelled_flags_the_payment_keeps_the_money_and_never_sells_the_stock_twice()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Ladle " + CatalogSteps.Marker(), stock: 3);
        var order = await factory.PlaceCardOrderAsync(product, quantity: 3);
        Assert.Equal(0, await factory.StockOfAsync(product.Id));

        // The session's expiry reaches the shop first: the order is cancelled and its stock returned...
        var expired = await factory.EventAsync("checkout.session.expired", order.SessionId, TestPaymentState.Expired);
        Assert.Equal(new SignalOutcome.Expired(order.OrderId, CancelOrder: true), await factory.ReceiveAsync(expired, factory.Sign(expired)));
        Assert.Equal(OrderStatus.Cancelled, (await factory.OrderAsync(order.OrderId)).Status);
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        // ...then the payment the shopper made at that very moment.
        var completed = await factory.DecideAsync(order.SessionId, TestPaymentState.Paid);
        var outcome = Assert.IsType<SignalOutcome.Flagged>(await factory.ReceiveAsync(completed, factory.Sign(completed)));
        Assert.Contains("cancelled", outcome.Reason, StringComparison.Ordinal);

        var after = await factory.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Cancelled, after.Status);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(PaymentStatus.Flagged, payment.Status);
        Assert.Equal(order.TotalMinor, payment.CapturedMinor); // the money is on record, for the admin to refund
        Assert.NotNull(payment.ProviderPaymentId);
        Assert.Equal(3, await factory.StockOfAsync(product.Id));
        Assert.Equal(0, factory.Confirmations(order));
        Assert.IsType<SignalOutcome.AlreadyApplied>(await factory.ApplyStatusAsync(order.SessionId));
        Assert.Equal(3, await factory.StockOfAsync(product.Id));
    }

    [Theory]
    [InlineData("amount_total")]
    [InlineData("currency")]
    public async Task An_amount_or_currency_that_does_not_match_flags_the_payment_and_does_not_pay_the_order(string field)
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Mug " + CatalogSteps.Marker(), stock: 5);
        var order = await factory.PlaceCardOrderAsync(product);
        var completed = await factory.DecideAsync(order.SessionId, TestPaymentState.Paid);
        var wrong = CardOrderSteps.WithSessionField(completed, field, field == "currency" ? JsonValue.Create("usd") : JsonValue.Create(order.TotalMinor - 1));

        var outcome = Assert.IsType<SignalOutcome.Flagged>(await factory.ReceiveAsync(wrong, factory.Sign(wrong)));
        Assert.Contains("refund it", outcome.Reason, StringComparison.Ordinal);

        var after = await factory.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.AwaitingPayment, after.Status);
        var payment = Assert.Single(after.Payments);
        Assert.Equal(PaymentStatus.Flagged, payment.Status);
        Assert.NotNull(payment.Flag);
        Assert.Equal(0, factory.Confirmations(order));
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_forged_tampered_or_stale_signature_is_refused_and_changes_nothing()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Whisk " + CatalogSteps.Marker(), stock: 5);
        var order = await factory.PlaceCardOrderAsync(product);
        var completed = await factory.DecideAsync(order.SessionId, TestPaymentState.Paid);
        var now = factory.Clock.GetUtcNow();
        var forged = ShopWeb.Payments.Test.TestSignature.Sign(completed, "whsec_not_the_shops_secret", now);
        var tampered = CardOrderSteps.WithSessionField(completed, "client_reference_id", JsonValue.Create("SW-OTHER"));

        var refused = new (string Body, string? Signature)[]
        {
            (completed, forged),
            (tampered, factory.Sign(completed)), // signed, then changed
            (completed, factory.Sign(completed, now - TimeSpan.FromMinutes(5.5))), // stale by the shop's clock
            (completed, factory.Sign(completed, now + TimeSpan.FromMinutes(5.5))),
            (completed, null),
            (completed, "t=not-a-time,v1=00"),
            ("not an event", factory.Sign("not an event")),
        };
        foreach (var (body, signature) in refused)
        {
            await Assert.ThrowsAsync<PaymentSignatureException>(() => factory.ReceiveAsync(body, signature));
        }

        var after = await factory.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.AwaitingPayment, after.Status);
        Assert.Equal(PaymentStatus.Open, Assert.Single(after.Payments).Status);
        Assert.Equal(0, await factory.EventRowsAsync(CardOrderSteps.EventId(completed)));
        Assert.Equal(0, factory.Confirmations(order));

        // Nothing was kept of them: the genuine event, signed within the 5 minutes, still pays.
        Assert.IsType<SignalOutcome.Paid>(await factory.ReceiveAsync(completed, factory.Sign(completed, now - TimeSpan.FromMinutes(4.5))));
    }

    [Fact]
    public async Task A_repeated_event_id_is_a_duplicate_with_no_effect_and_an_unknown_type_is_ignored()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Sieve " + CatalogSteps.Marker(), stock: 5);
        var order = await factory.PlaceCardOrderAsync(product);

        var unknown = await factory.EventAsync("customer.created", order.SessionId);
        Assert.IsType<SignalOutcome.Ignored>(await factory.ReceiveAsync(unknown, factory.Sign(unknown)));
        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderAsync(order.OrderId)).Status);

        var declined = await factory.DecideAsync(order.SessionId, TestPaymentState.Declined);
        Assert.IsType<SignalOutcome.Failed>(await factory.ReceiveAsync(declined, factory.Sign(declined)));
        var completed = await factory.DecideAsync(order.SessionId, TestPaymentState.Paid); // the shopper tries another card on the same page
        Assert.IsType<SignalOutcome.Paid>(await factory.ReceiveAsync(completed, factory.Sign(completed)));

        // The declined event again, later (a provider's retry): its id is known, so it cannot fail a paid payment.
        Assert.IsType<SignalOutcome.Duplicate>(await factory.ReceiveAsync(declined, factory.Sign(declined)));
        Assert.IsType<SignalOutcome.Duplicate>(await factory.ReceiveAsync(completed, factory.Sign(completed)));

        var after = await factory.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Paid, after.Status);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(after.Payments).Status);
        Assert.Equal(1, await factory.EventRowsAsync(CardOrderSteps.EventId(declined)));
        Assert.Equal(1, factory.Confirmations(order));
        Assert.Equal(3, await factory.WithDbAsync(db => db.PaymentEvents.CountAsync(e => e.SessionId == order.SessionId)));
    }
}
