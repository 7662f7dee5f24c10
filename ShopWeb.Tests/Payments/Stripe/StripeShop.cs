using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>A shop with <c>Payments:Provider=Stripe</c> whose Stripe.net client talks to a <see cref="StripeStub"/> (ApiBase).</summary>
public class StripeShop : IDisposable
{
    public const string SecretKey = "sk_test_stub_0123456789";

    public StripeShop()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <param name="services">Test-only services, as <see cref="ShopFactory"/> takes them.</param>
    protected internal StripeShop(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        Factory = new ShopFactory(new Dictionary<string, string?>(settings)
        {
            ["Payments:Provider"] = "Stripe",
            ["Payments:Stripe:SecretKey"] = SecretKey,
            ["Payments:Stripe:WebhookSecret"] = StripeEvents.Secret,
            ["Payments:Stripe:ApiBase"] = Stub.Url,
        }, services: services);
    }

    public StripeStub Stub { get; } = new();

    public ShopFactory Factory { get; }

    /// <summary>Runs work with the shop's own services in a scope of their own, as one request would.</summary>
    public async Task<T> WithPaymentsAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> WithProviderAsync<T>(Func<IPaymentProvider, Task<T>> work) =>
        WithPaymentsAsync(services => work(services.GetRequiredService<IPaymentProvider>()));

    public void Dispose()
    {
        Factory.Dispose();
        Stub.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A yen shop: no minor unit, so 1200 is ¥1,200 on the page and 1200 at Stripe.</summary>
public sealed class YenStripeShop() : StripeShop(new Dictionary<string, string?>
{
    ["Shop:Currency"] = "JPY",
    ["Shop:Shipping:StandardFee"] = "500",
    ["Shop:Shipping:ExpressFee"] = "900",
    ["Shop:Shipping:FreeFrom"] = "5000",
});

/// <summary>A euro shop with 20% tax, so a session has a product, a shipping and a tax line.</summary>
public sealed class EuroStripeShop() : StripeShop(new Dictionary<string, string?>
{
    ["Shop:Currency"] = "EUR",
    ["Shop:TaxRatePercent"] = "20",
    ["Shop:Shipping:StandardFee"] = "4.90",
    ["Shop:Shipping:FreeFrom"] = "50",
});
