using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// Card payments through the Test provider for the API tests: a shop that takes cards, and the shopper's choice on the
/// hosted page made at the provider's backend (<see cref="TestPaymentProvider.DecideAsync"/>) and delivered as the
/// signed event the page would send, through <see cref="PaymentSignals.ReceiveAsync"/>.
/// </summary>
public static class CardPaymentSteps
{
    /// <summary>The settings of a shop that takes cards through the Test provider (outside Development it must be allowed).</summary>
    public static Dictionary<string, string?> TestProvider(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true" };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The session id a hosted page's address names (/payments/test/{id}).</summary>
    public static string SessionOf(string url)
    {
        Assert.StartsWith(ShopFactory.PublicUrl + "payments/test/", url);
        return url[(ShopFactory.PublicUrl.Length + "payments/test/".Length)..];
    }

    /// <summary>The shopper pays (or declines, or cancels) on the hosted page at <paramref name="url"/>; returns what the event did.</summary>
    public static async Task<SignalOutcome> DecideAsync(this ShopFactory factory, string url, TestPaymentState outcome)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<TestPaymentProvider>();
        var body = await provider.DecideAsync(SessionOf(url), outcome, CancellationToken.None);
        Assert.NotNull(body);
        return await scope.ServiceProvider.GetRequiredService<PaymentSignals>().ReceiveAsync(provider, body, provider.Sign(body));
    }

    /// <summary>A signed-in shopper's card checkout of one product; returns the order as answered (checked against the document).</summary>
    public static async Task<JsonElement> CardCheckoutAsync(this HttpClient app, string slug, string? idempotencyKey = null)
    {
        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = slug, quantity = 1 })).EnsureSuccessStatusCode();
        var body = ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null);
        body["payment"] = "card";
        using var placed = await app.SignedInCheckoutAsync(body, idempotencyKey ?? Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        return (await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout")).GetProperty("order");
    }

    public static JsonElement Payment(this JsonElement order) => order.GetProperty("payment");

    public static string? PaymentUrl(this JsonElement order) => order.Payment().GetProperty("url").GetString();

    public static string Number(this JsonElement order) => order.GetProperty("number").GetString()!;

    public static IEnumerable<string> AttemptStatuses(this JsonElement order) =>
        order.Payment().GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("status").GetString()!);

    /// <summary>The payments the store holds for an order.</summary>
    public static Task<List<Payment>> PaymentsOfAsync(this ShopFactory factory, string number) =>
        factory.WithDbAsync(db => db.Payments.Where(p => db.Orders.Any(o => o.Id == p.OrderId && o.Number == number)).OrderBy(p => p.Id).ToListAsync());
}
