using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Payments.Test;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>The API takes the ways to pay the checkout page offers (PaymentOptions.Offers), and a provider that fails leaves the order to be paid later.</summary>
public sealed class CardPaymentOffTests
{
    [Theory]
    [InlineData("Test", "false", null)]
    [InlineData("None", null, null)]
    [InlineData("Test", null, "false")]
    public async Task A_way_to_pay_that_is_switched_off_is_a_400_naming_the_field(string provider, string? card, string? payOnDelivery)
    {
        using var factory = new ShopFactory(CardPaymentSteps.TestProvider(new()
        {
            ["Payments:Provider"] = provider, ["Payments:Card"] = card, ["Payments:PayOnDelivery"] = payOnDelivery,
        }));
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Off Mug", stock: 5);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        (await app.AddLineAsync(cart, product.Slug)).EnsureSuccessStatusCode();
        var body = ApiSteps.CheckoutBody(cart);
        body["payment"] = payOnDelivery is null ? "card" : "payOnDelivery";

        using var refused = await app.CheckoutAsync(cart, body, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/checkout"));
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Contains("Bank transfer", problem.Errors().GetProperty("payment")[0].GetString());
        Assert.Equal(5, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task When_the_provider_fails_the_order_stands_without_a_page_and_a_payment_request_gets_one_later()
    {
        using var factory = new ShopFactory(CardPaymentSteps.TestProvider(), services: s => s.AddScoped<IPaymentProvider, FailingProvider>());
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Failing Mug", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        FailingProvider.Failing = true;
        var order = await app.CardCheckoutAsync(product.Slug);
        Assert.Equal("awaitingPayment", order.GetProperty("status").GetString());
        Assert.Null(order.PaymentUrl());
        Assert.Empty(order.AttemptStatuses());
        Assert.Equal(4, await factory.StockOfAsync(product.Id));

        using var stillDown = await app.PostAsync($"/api/v1/me/orders/{order.Number()}/payment", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stillDown.StatusCode);
        Assert.Equal("https://shopweb.example/problems/payment-provider-unavailable", await ApiSteps.ProblemTypeAsync(stillDown, "POST", "/api/v1/me/orders/{number}/payment"));

        FailingProvider.Failing = false;
        using var started = await app.PostAsync($"/api/v1/me/orders/{order.Number()}/payment", null);
        var url = (await OpenApiContract.AssertMatchesAsync(started, "POST", "/api/v1/me/orders/{number}/payment")).PaymentUrl()!;
        await factory.DecideAsync(url, TestPaymentState.Paid);
        var paid = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{order.Number()}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal("paid", paid.GetProperty("status").GetString());
    }

    /// <summary>The Test provider, unreachable while <see cref="Failing"/>.</summary>
    private sealed class FailingProvider(TestPaymentProvider inner) : IPaymentProvider
    {
        public static volatile bool Failing;

        public string Name => inner.Name;

        public Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken) =>
            Failing ? throw new HttpRequestException("The provider is unreachable.") : inner.CreateSessionAsync(request, cancellationToken);

        public Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.GetSessionAsync(sessionId, cancellationToken);

        public Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken) => inner.ExpireSessionAsync(sessionId, cancellationToken);

        public Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => inner.RefundAsync(request, cancellationToken);

        public PaymentSignal ReadSignal(string body, string? signatureHeader) => inner.ReadSignal(body, signatureHeader);
    }
}
