using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>
/// A shop with the Test provider, whose refund requests are log as they reach it (<see cref="RefundRequests"/>),
/// and paid card orders made the real way: the checkout form with "Card", a session started by
/// <see cref="CardPayments"/>, paid on the Test provider's side and signalled through <see cref="PaymentSignals"/>.
/// </summary>
public class CardShop : ShopFactory
{
    public CardShop()
        : this(_ => { })
    {
    }

    /// <summary>With more services (an interceptor): a shop of one test's own, not a fixture.</summary>
    internal CardShop(Action<IServiceCollection> more)
        : base(new Dictionary<string, string?> { ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true" }, services: services =>
        {
            Record(services);
            more(services);
        })
    {
    }

    /// <summary>Every refund request the Test provider received, in this shop.</summary>
    public ConcurrentQueue<ProviderRefundRequest> RefundRequests => Services.GetRequiredService<RefundLog>().Requests;

    /// <summary>What the provider does with the next refund request for this session: refuse it, or not answer (throw).</summary>
    public void MisbehaveOnNextRefund(string sessionId, bool refuse) => Services.GetRequiredService<RefundLog>().Misbehave[sessionId] = refuse;

    /// <summary>The provider does not answer the next request to end a session (as Stripe unreachable, or its 5xx).</summary>
    public void UnreachableOnNextExpire() => Services.GetRequiredService<RefundLog>().ExpireFails = 1;

    private static void Record(IServiceCollection services)
    {
        services.AddSingleton<RefundLog>();
        services.AddScoped<IPaymentProvider>(s => new RecordingProvider(s.GetRequiredService<TestPaymentProvider>(), s.GetRequiredService<RefundLog>()));
    }

    /// <summary>A guest's card order of <paramref name="quantity"/> × €<paramref name="priceMinor"/>/100, placed and paid.</summary>
    public async Task<(string Number, string Email, int OrderId, long TotalMinor)> PaidCardOrderAsync(int quantity = 1, long priceMinor = 5000)
    {
        var (number, email, orderId) = await CardOrderAsync(quantity, priceMinor);
        var payment = await StartPaymentAsync(orderId);
        var outcome = await PayAsync(payment.SessionId);
        Assert.IsType<SignalOutcome.Paid>(outcome);
        var total = await WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.TotalMinor).SingleAsync());
        return (number, email, orderId, total);
    }

    /// <summary>A guest's card order placed through the checkout form, awaiting payment.</summary>
    public async Task<(string Number, string Email, int OrderId)> CardOrderAsync(int quantity = 1, long priceMinor = 5000)
    {
        var category = await this.CreateCategoryAsync();
        var product = await this.CreateProductAsync(category, "Card item", priceMinor: priceMinor, stock: 100);
        var email = AccountSteps.NewEmail("card");
        using var shopper = CreateBrowser();
        await shopper.AddToCartAsync(product, quantity);
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = "Card";
        await shopper.CheckoutAsync(fields);
        var order = await WithDbAsync(db => db.Orders.Where(o => o.Email == email).Select(o => new { o.Number, o.Id, o.Payment }).SingleAsync());
        Assert.Equal(PaymentMethod.Card, order.Payment);
        return (order.Number, email, order.Id);
    }

    public async Task<Payment> StartPaymentAsync(int orderId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CardPayments>().StartAsync(orderId)
            ?? throw new InvalidOperationException("The order is not awaiting a card payment.");
    }

    /// <summary>The shopper presses "Pay" on the Test provider's page; its signed event reaches the shop.</summary>
    public async Task<SignalOutcome> PayAsync(string sessionId)
    {
        await using var scope = Services.CreateAsyncScope();
        var test = scope.ServiceProvider.GetRequiredService<TestPaymentProvider>();
        var body = await test.DecideAsync(sessionId, TestPaymentState.Paid, CancellationToken.None) ?? throw new InvalidOperationException("The session was not open.");
        return await scope.ServiceProvider.GetRequiredService<PaymentSignals>().ReceiveAsync(test, body, test.Sign(body));
    }

    /// <summary>
    /// A "paid" event for a session the shop has ended already: the shopper's payment raced the end at the provider and
    /// its event arrives late (the Test provider's own page refuses a card on an ended session, Stripe's may not).
    /// </summary>
    public async Task<SignalOutcome> LatePaidEventAsync(string sessionId)
    {
        await using var scope = Services.CreateAsyncScope();
        var test = scope.ServiceProvider.GetRequiredService<TestPaymentProvider>();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await db.TestPaymentSessions.Where(s => s.Id == sessionId) // the provider's side: it took the money
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.State, TestPaymentState.Paid).SetProperty(s => s.PaymentId, "tpi_late_" + sessionId[^12..]));
        var session = await db.TestPaymentSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId);
        var body = TestPaymentProvider.EventBody("checkout.session.completed", session);
        return await scope.ServiceProvider.GetRequiredService<PaymentSignals>().ReceiveAsync(test, body, test.Sign(body));
    }

    private sealed class RefundLog
    {
        public ConcurrentQueue<ProviderRefundRequest> Requests { get; } = new();

        public ConcurrentDictionary<string, bool> Misbehave { get; } = new();

        public int ExpireFails;
    }

    private sealed class RecordingProvider(TestPaymentProvider inner, RefundLog log) : IPaymentProvider
    {
        public string Name => inner.Name;

        public Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken) => inner.CreateSessionAsync(request, cancellationToken);

        public Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.GetSessionAsync(sessionId, cancellationToken);

        public Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken) =>
            Interlocked.Exchange(ref log.ExpireFails, 0) == 1 ? throw new HttpRequestException("The provider did not answer.") : inner.ExpireSessionAsync(sessionId, cancellationToken);

        public Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
        {
            log.Requests.Enqueue(request);
            if (log.Misbehave.TryRemove(request.SessionId, out var refuse))
            {
                return refuse ? Task.FromResult(new ProviderRefund("", Succeeded: false)) : throw new HttpRequestException("The provider did not answer.");
            }

            return inner.RefundAsync(request, cancellationToken);
        }

        public PaymentSignal ReadSignal(string body, string? signatureHeader) => inner.ReadSignal(body, signatureHeader);
    }
}
