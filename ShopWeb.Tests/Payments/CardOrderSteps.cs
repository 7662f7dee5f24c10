using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>A guest's card order on the Test provider, and the provider's side of it driven directly (its backend, not its page).</summary>
public sealed record CardOrder(int OrderId, string Number, string Email, string SessionId, long TotalMinor);

public static class CardOrderSteps
{
    /// <summary>The Test provider, which a shop outside Development (every ShopFactory) runs only when allowed.</summary>
    public static Dictionary<string, string?> TestProvider() => new()
    {
        ["Payments:Provider"] = "Test",
        ["Payments:AllowTestProvider"] = "true",
    };

    /// <summary>
    /// Through the product page and the checkout form with "Card"; then the order's open session (the one the checkout
    /// started, or, where the checkout started none, one from <see cref="CardPayments.StartAsync"/>, as "Pay now" does).
    /// </summary>
    public static async Task<CardOrder> PlaceCardOrderAsync(this ShopFactory factory, Product product, int quantity = 1)
    {
        using var guest = factory.CreateBrowser(followRedirects: false);
        await guest.AddToCartAsync(product, quantity);
        var email = AccountSteps.NewEmail("card");
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = "Card";
        await guest.CheckoutAsync(fields);
        var order = await factory.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Payments).SingleAsync(o => o.Email == email));
        Assert.Equal(PaymentMethod.Card, order.Payment);
        var session = order.Payments.SingleOrDefault(p => p.Status == PaymentStatus.Open)?.SessionId
            ?? (await factory.InScopeAsync(s => s.GetRequiredService<CardPayments>().StartAsync(order.Id)))!.SessionId;
        return new CardOrder(order.Id, order.Number, email, session, order.TotalMinor);
    }

    public static async Task<T> InScopeAsync<T>(this ShopFactory factory, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>The shopper's choice on the hosted page, at the provider: the event it would send (not sent).</summary>
    public static async Task<string> DecideAsync(this ShopFactory factory, string sessionId, TestPaymentState outcome) =>
        await factory.InScopeAsync(s => s.GetRequiredService<TestPaymentProvider>().DecideAsync(sessionId, outcome, CancellationToken.None))
        ?? throw new InvalidOperationException($"The session {sessionId} was not open.");

    /// <summary>Another event about the session as the provider sees it now (a type it does not send on its own, or another state).</summary>
    public static Task<string> EventAsync(this ShopFactory factory, string type, string sessionId, TestPaymentState? state = null) =>
        factory.InScopeAsync(async s =>
        {
            var session = await s.GetRequiredService<ShopDbContext>().TestPaymentSessions.AsNoTracking().SingleAsync(x => x.Id == sessionId);
            session.State = state ?? session.State;
            return TestPaymentProvider.EventBody(type, session);
        });

    /// <summary>Signed now, by the shop's clock, with the Test provider's secret.</summary>
    public static string Sign(this ShopFactory factory, string body) => factory.Sign(body, factory.Clock.GetUtcNow());

    public static string Sign(this ShopFactory factory, string body, DateTimeOffset at) =>
        TestSignature.Sign(body, factory.Services.GetRequiredService<IOptions<PaymentOptions>>().Value.Test.WebhookSecret, at);

    /// <summary>What the webhook endpoint does with a body and its signature header.</summary>
    public static Task<SignalOutcome> ReceiveAsync(this ShopFactory factory, string body, string? signature) =>
        factory.InScopeAsync(s => s.GetRequiredService<PaymentSignals>().ReceiveAsync(s.GetRequiredService<IPaymentProvider>(), body, signature));

    /// <summary>What the return page does: asks the provider about the session.</summary>
    public static Task<SignalOutcome> ApplyStatusAsync(this ShopFactory factory, string sessionId) =>
        factory.InScopeAsync(s => s.GetRequiredService<PaymentSignals>().ApplyStatusAsync(s.GetRequiredService<IPaymentProvider>(), sessionId));

    /// <summary>The event with one field of its session changed (amount_total, currency).</summary>
    public static string WithSessionField(string body, string field, JsonNode value)
    {
        var root = JsonNode.Parse(body)!;
        root["data"]!["object"]![field] = value;
        return root.ToJsonString();
    }

    public static string EventId(string body) => (string)JsonNode.Parse(body)!["id"]!;

    public static Task<Order> OrderAsync(this ShopFactory factory, int orderId) =>
        factory.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Payments).SingleAsync(o => o.Id == orderId));

    public static Task<int> EventRowsAsync(this ShopFactory factory, string eventId) =>
        factory.WithDbAsync(db => db.PaymentEvents.CountAsync(e => e.EventId == eventId));

    /// <summary>The confirmation emails the order's shopper got (sent when a card order is paid).</summary>
    public static int Confirmations(this ShopFactory factory, CardOrder order) =>
        factory.Mail.To(order.Email).Count(m => m.TextBody?.Contains($"Thank you for your order {order.Number}", StringComparison.Ordinal) == true);
}
