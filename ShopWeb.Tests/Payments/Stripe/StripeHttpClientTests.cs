using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Payments.Stripe;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>Stripe.net sends through the shop's named HttpClient, so handlers added to it (instrumentation) see every call.</summary>
public sealed class StripeHttpClientTests
{
    [Fact]
    public async Task Calls_to_Stripe_go_through_the_shop_s_Stripe_HttpClient()
    {
        var seen = new SeenRequests();
        using var shop = new StripeShop(new Dictionary<string, string?>(), services => services
            .AddHttpClient(StripeRegistration.HttpClientName).AddHttpMessageHandler(() => new SeenHandler(seen)));
        var id = "cs_test_http_" + Guid.NewGuid().ToString("N");
        shop.Stub.HasSession(id, "open", "unpaid", 1290, "eur", null);

        await shop.WithProviderAsync(provider => provider.GetSessionAsync(id, CancellationToken.None));

        Assert.Equal([$"GET {shop.Stub.Url}/v1/checkout/sessions/{id}"], seen.Requests);
    }

    private sealed class SeenRequests
    {
        public List<string> Requests { get; } = [];
    }

    private sealed class SeenHandler(SeenRequests seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Requests.Add($"{request.Method} {request.RequestUri}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
