using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>
/// The reconciler (Payments/PaymentReconciler) with webhooks dropped, on the test clock: it asks the provider, so a
/// paid order is paid and a dead one gives its stock back, once, however many instances run it.
/// </summary>
public sealed class PaymentReconcilerTests
{
    /// <summary>Past <see cref="PaymentReconciler.Grace"/> and one period: the longest a lost webhook may keep an order unpaid.</summary>
    private static readonly TimeSpan GraceAndPeriod = PaymentReconciler.Grace + TimeSpan.FromMinutes(1);

    [Fact]
    public async Task With_the_webhook_lost_the_reconciler_pays_the_order_within_its_period_with_one_email()
    {
        using var factory = new ShopFactory(CardOrderSteps.TestProvider());
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Kettle " + CatalogSteps.Marker(), stock: 5);
        var order = await factory.PlaceCardOrderAsync(product, quantity: 2);
        await factory.DecideAsync(order.SessionId, TestPaymentState.Paid); // paid on the hosted page; its event never arrives

        factory.Clock.Advance(GraceAndPeriod);

        Assert.True(await BackgroundJobs.UntilAsync(async () => (await factory.OrderAsync(order.OrderId)).Status == OrderStatus.Paid), "the order is not paid");
        var payment = Assert.Single((await factory.OrderAsync(order.OrderId)).Payments);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal(order.TotalMinor, payment.CapturedMinor);
        Assert.NotNull(payment.CheckedAt);
        Assert.Equal(1, factory.Confirmations(order));
        Assert.Equal(3, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_session_past_its_hold_that_the_provider_still_calls_open_is_ended_there_and_its_order_cancelled_with_its_stock_back()
    {
        // A provider that ends sessions late (as Stripe may): it calls a session open until the shop expires it.
        using var factory = new ShopFactory(CardOrderSteps.TestProvider(), services: services =>
            services.AddScoped<IPaymentProvider>(s => new LateEndingProvider(s.GetRequiredService<TestPaymentProvider>(), s.GetRequiredService<ShopDbContext>())));
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Teapot " + CatalogSteps.Marker(), stock: 5);
        var abandoned = await factory.PlaceCardOrderAsync(product, quantity: 3);
        var paidLate = await factory.PlaceCardOrderAsync(product, quantity: 2); // paid in its last minute, the webhook lost
        factory.Clock.Advance(TimeSpan.FromMinutes(29));
        await factory.DecideAsync(paidLate.SessionId, TestPaymentState.Paid);
        Assert.Equal(0, await factory.StockOfAsync(product.Id));

        factory.Clock.Advance(TimeSpan.FromMinutes(2)); // past the 30 minutes' hold

        Assert.True(await BackgroundJobs.UntilAsync(async () => (await factory.OrderAsync(abandoned.OrderId)).Status == OrderStatus.Cancelled), "the abandoned order is not cancelled");
        Assert.True(await BackgroundJobs.UntilAsync(async () => (await factory.OrderAsync(paidLate.OrderId)).Status == OrderStatus.Paid), "the order paid in time is not paid");
        Assert.Equal(PaymentStatus.Expired, Assert.Single((await factory.OrderAsync(abandoned.OrderId)).Payments).Status);
        Assert.Equal(TestPaymentState.Expired, await factory.WithDbAsync(db => db.TestPaymentSessions.Where(s => s.Id == abandoned.SessionId).Select(s => s.State).SingleAsync()));
        Assert.Equal(3, await factory.StockOfAsync(product.Id));
        Assert.Equal(0, factory.Confirmations(abandoned));
        Assert.Equal(1, factory.Confirmations(paidLate));
    }

    [Fact]
    public async Task Card_orders_whose_payment_was_declined_or_never_started_are_cancelled_once_their_hold_is_over()
    {
        using var factory = new ShopFactory(CardOrderSteps.TestProvider());
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Ladle " + CatalogSteps.Marker(), stock: 5);
        var declined = await factory.PlaceCardOrderAsync(product, quantity: 1);
        await factory.DecideAsync(declined.SessionId, TestPaymentState.Declined);
        Assert.IsType<SignalOutcome.Failed>(await factory.ApplyStatusAsync(declined.SessionId)); // the return page: "Pay now" is offered
        var neverStarted = await factory.PlaceCardOrderAsync(product, quantity: 2);
        await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == neverStarted.OrderId).ExecuteDeleteAsync()); // the start failed: no session
        var otherProvider = await factory.PlaceCardOrderAsync(product, quantity: 1); // placed when the shop ran Stripe: its session cannot be asked about now
        await factory.WithDbAsync(db => db.Payments.Where(p => p.OrderId == otherProvider.OrderId).ExecuteUpdateAsync(set => set.SetProperty(p => p.Provider, "Stripe")));
        Assert.Equal(1, await factory.StockOfAsync(product.Id));

        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        foreach (var order in new[] { declined, neverStarted, otherProvider })
        {
            Assert.True(await BackgroundJobs.UntilAsync(async () => (await factory.OrderAsync(order.OrderId)).Status == OrderStatus.Cancelled), $"{order.Number} is not cancelled");
        }

        Assert.Equal(5, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task A_refund_the_provider_did_not_answer_is_sent_again_with_its_key_and_made_once_with_one_email()
    {
        using var shop = new CardShop();
        var (number, email, orderId, _) = await shop.PaidCardOrderAsync();
        var session = await shop.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid).Select(p => p.SessionId).SingleAsync());
        using var admin = await shop.SignedInAdminAsync();
        shop.MisbehaveOnNextRefund(session, refuse: false);
        var page = await admin.GetAsync($"/admin/orders/{number}");
        await admin.SubmitAsync(page, "#refund", new Dictionary<string, string> { ["Refund.Amount"] = "20.00", ["Refund.Reason"] = "Scratched lid" }, button: "Refund");
        var refund = Assert.Single(await shop.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == orderId).ToListAsync()));
        Assert.Equal(RefundStatus.Pending, refund.Status);

        shop.Clock.Advance(GraceAndPeriod);

        Assert.True(await BackgroundJobs.UntilAsync(async () =>
            await shop.WithDbAsync(db => db.Refunds.Where(r => r.Id == refund.Id).Select(r => r.Status).SingleAsync()) == RefundStatus.Succeeded), "the refund is still pending");
        Assert.Equal(2, shop.RefundRequests.Count(r => r.IdempotencyKey == refund.IdempotencyKey));
        Assert.Single(await shop.WithDbAsync(db => db.TestPaymentRefunds.Where(r => r.SessionId == session).ToListAsync()));
        Assert.Single(shop.Mail.To(email), m => m.Subject!.StartsWith("Refund for your order", StringComparison.Ordinal));
        Assert.Equal(2000, await shop.WithDbAsync(db => db.Payments.Where(p => p.OrderId == orderId).SumAsync(p => p.RefundedMinor)));
    }

    [Fact]
    public async Task Two_instances_on_one_store_ask_the_provider_about_a_payment_once_and_pay_it_once()
    {
        var (firstRuns, secondRuns) = (new ReconcilerQueries(), new ReconcilerQueries());
        var asked = new Counter();
        using var first = new ShopFactory(CardOrderSteps.TestProvider(), services: services => Counting(services, firstRuns, asked));
        using var second = new ShopFactory(CardOrderSteps.TestProvider(), folder: first.Folder, services: services => Counting(services, secondRuns, asked));
        _ = second.Services; // starts the second instance and its jobs
        var product = await first.CreateProductAsync(await first.CreateCategoryAsync(), "Jug " + CatalogSteps.Marker(), stock: 5);
        var order = await first.PlaceCardOrderAsync(product);
        await first.DecideAsync(order.SessionId, TestPaymentState.Paid);
        var (firstBefore, secondBefore) = (firstRuns.Count, secondRuns.Count);

        first.Clock.Advance(GraceAndPeriod);
        second.Clock.Advance(GraceAndPeriod);

        Assert.True(await BackgroundJobs.UntilAsync(async () => (await first.OrderAsync(order.OrderId)).Status == OrderStatus.Paid), "the order is not paid");
        Assert.True(await BackgroundJobs.UntilAsync(() => Task.FromResult(firstRuns.Count > firstBefore && secondRuns.Count > secondBefore)), "both instances ran");
        Assert.Equal(1, asked.Value);
        Assert.Equal(PaymentStatus.Paid, Assert.Single((await first.OrderAsync(order.OrderId)).Payments).Status);
        Assert.Equal(1, first.Confirmations(order));
    }

    private static void Counting(IServiceCollection services, ReconcilerQueries runs, Counter asked)
    {
        ShopFactory.AddStoreInterceptor(services, runs);
        services.AddScoped<IPaymentProvider>(s => new CountingProvider(s.GetRequiredService<TestPaymentProvider>(), asked));
    }

    private sealed class Counter
    {
        private int value;

        public int Value => Volatile.Read(ref value);

        public void Add() => Interlocked.Increment(ref value);
    }

    /// <summary>Counts the reconciler's looks for due payments (the only queries with a CheckedAt bound): an instance's run.</summary>
    private sealed class ReconcilerQueries : DbCommandInterceptor
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("\"CheckedAt\" <=", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref count);
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }

    /// <summary>The Test provider, counting how often it is asked about a session.</summary>
    private sealed class CountingProvider(TestPaymentProvider inner, Counter asked) : IPaymentProvider
    {
        public string Name => inner.Name;

        public Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken) => inner.CreateSessionAsync(request, cancellationToken);

        public Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
        {
            asked.Add();
            return inner.GetSessionAsync(sessionId, cancellationToken);
        }

        public Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.ExpireSessionAsync(sessionId, cancellationToken);

        public Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);

        public PaymentSignal ReadSignal(string body, string? signatureHeader) => inner.ReadSignal(body, signatureHeader);
    }

    /// <summary>The Test provider, calling a session past its time open until it is expired (Stripe's own expiry can lag).</summary>
    private sealed class LateEndingProvider(TestPaymentProvider inner, ShopDbContext db) : IPaymentProvider
    {
        public string Name => inner.Name;

        public Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken) => inner.CreateSessionAsync(request, cancellationToken);

        public async Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
        {
            var status = await inner.GetSessionAsync(sessionId, cancellationToken);
            var state = await db.TestPaymentSessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => s.State).SingleAsync(cancellationToken);
            return status.State == SessionState.Expired && state == TestPaymentState.Open ? status with { State = SessionState.Open } : status;
        }

        public Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.ExpireSessionAsync(sessionId, cancellationToken);

        public Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);

        public PaymentSignal ReadSignal(string body, string? signatureHeader) => inner.ReadSignal(body, signatureHeader);
    }
}
