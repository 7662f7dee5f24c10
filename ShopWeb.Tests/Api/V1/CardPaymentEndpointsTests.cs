using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Api.V1;

/// <summary>
/// Card payments for apps, through the Test provider: the checkout answers the hosted page's address, paying there
/// makes the order paid in the app's view, and POST …/payment gives an unpaid card order a page again.
/// </summary>
public sealed class CardPaymentEndpointsTests(CardPaymentEndpointsTests.CardShop factory) : IClassFixture<CardPaymentEndpointsTests.CardShop>
{
    public sealed class CardShop() : ShopFactory(CardPaymentSteps.TestProvider());

    [Fact]
    public async Task A_card_checkout_returns_a_payment_url_and_paying_through_it_makes_the_order_paid()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Kettle", priceMinor: 3200, stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        const string email = "app.shopper@example.com"; // the checkout body's

        var order = await app.CardCheckoutAsync(product.Slug);
        Assert.Equal("awaitingPayment", order.GetProperty("status").GetString());
        Assert.Equal("card", order.Payment().GetProperty("method").GetString());
        Assert.Equal("unpaid", order.Payment().GetProperty("status").GetString());
        var url = order.PaymentUrl()!;
        CardPaymentSteps.SessionOf(url);
        Assert.Equal(["open"], order.AttemptStatuses());
        Assert.Equal(order.GetProperty("total").GetProperty("amount").GetString(), order.Payment().GetProperty("attempts")[0].GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
        Assert.DoesNotContain(factory.Mail.To(email), m => m.Subject?.Contains(order.Number(), StringComparison.Ordinal) == true);

        Assert.IsType<SignalOutcome.Paid>(await factory.DecideAsync(url, TestPaymentState.Paid));

        var paid = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{order.Number()}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal("paid", paid.Payment().GetProperty("status").GetString());
        Assert.Null(paid.PaymentUrl());
        Assert.Equal(JsonValueKind.Null, paid.Payment().GetProperty("expiresAt").ValueKind);
        Assert.Equal(["paid"], paid.AttemptStatuses());
        Assert.Single(factory.Mail.To(email), m => m.Subject?.Contains(order.Number(), StringComparison.Ordinal) == true);

        // The list says the same, and a paid order takes no new payment.
        var list = await OpenApiContract.AssertMatchesAsync(await app.GetAsync("/api/v1/me/orders"), "GET", "/api/v1/me/orders");
        Assert.Equal("paid", list.GetProperty("items")[0].Payment().GetProperty("status").GetString());
        using var again = await app.PostAsync($"/api/v1/me/orders/{order.Number()}/payment", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("https://shopweb.example/problems/order-not-payable", await ApiSteps.ProblemTypeAsync(again, "POST", "/api/v1/me/orders/{number}/payment"));
        Assert.Single(await factory.PaymentsOfAsync(order.Number()));
    }

    [Fact]
    public async Task Cancelling_an_unpaid_card_order_ends_its_page_so_it_takes_no_money_after()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Cancel", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var order = await app.CardCheckoutAsync(product.Slug);

        using var cancel = await app.PostAsync($"/api/v1/me/orders/{order.Number()}/cancel", null);
        var cancelled = await OpenApiContract.AssertMatchesAsync(cancel, "POST", "/api/v1/me/orders/{number}/cancel");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(["expired"], cancelled.AttemptStatuses());
        Assert.Equal(5, await factory.StockOfAsync(product.Id));

        // The hosted page no longer takes a payment: the provider refuses the shopper's "Pay".
        await using var scope = factory.Services.CreateAsyncScope();
        var provider = scope.ServiceProvider.GetRequiredService<ShopWeb.Payments.Test.TestPaymentProvider>();
        Assert.Null(await provider.DecideAsync(CardPaymentSteps.SessionOf(order.PaymentUrl()!), TestPaymentState.Paid, CancellationToken.None));
    }

    [Fact]
    public async Task A_retried_card_checkout_returns_the_same_order_and_the_same_page()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Retry", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var key = Guid.NewGuid().ToString();

        var first = await app.CardCheckoutAsync(product.Slug, key);
        var body = ApiSteps.SignedInCheckoutBody(saveContact: null, saveAddresses: null);
        body["payment"] = "card";
        using var retry = await app.SignedInCheckoutAsync(body, key);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var second = (await OpenApiContract.AssertMatchesAsync(retry, "POST", "/api/v1/checkout")).GetProperty("order");

        Assert.Equal(first.Number(), second.Number());
        Assert.Equal(first.PaymentUrl(), second.PaymentUrl());
        Assert.Single(await factory.PaymentsOfAsync(first.Number()));
    }

    [Fact]
    public async Task A_declined_order_gets_a_new_page_an_open_one_is_given_again_and_another_shoppers_is_a_404()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Decline", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var order = await app.CardCheckoutAsync(product.Slug);
        var number = order.Number();
        Assert.IsType<SignalOutcome.Failed>(await factory.DecideAsync(order.PaymentUrl()!, TestPaymentState.Declined));

        var declined = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{number}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal("awaitingPayment", declined.GetProperty("status").GetString());
        Assert.Null(declined.PaymentUrl());
        Assert.Equal(["failed"], declined.AttemptStatuses());

        var (_, otherTokens) = await AppSignIn.NewShopperAsync(factory);
        using var other = AppSignIn.AppClient(factory, otherTokens.AccessToken);
        using var theirs = await other.PostAsync($"/api/v1/me/orders/{number}/payment", null);
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(theirs, "POST", "/api/v1/me/orders/{number}/payment"));
        Assert.Single(await factory.PaymentsOfAsync(number));

        using var started = await app.PostAsync($"/api/v1/me/orders/{number}/payment", null);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var retried = await OpenApiContract.AssertMatchesAsync(started, "POST", "/api/v1/me/orders/{number}/payment");
        var url = retried.PaymentUrl()!;
        Assert.NotEqual(order.PaymentUrl(), url);
        Assert.Equal(["expired", "open"], retried.AttemptStatuses());
        Assert.True(retried.Payment().GetProperty("expiresAt").GetDateTime() > factory.Clock.GetUtcNow().UtcDateTime);

        // Asked again while that page is open (a double tap, a retry without a key): the same page, not a second one.
        using var twice = await app.PostAsync($"/api/v1/me/orders/{number}/payment", null);
        Assert.Equal(url, (await OpenApiContract.AssertMatchesAsync(twice, "POST", "/api/v1/me/orders/{number}/payment")).PaymentUrl());
        Assert.Equal(2, (await factory.PaymentsOfAsync(number)).Count);

        Assert.IsType<SignalOutcome.Paid>(await factory.DecideAsync(url, TestPaymentState.Paid));
        var paid = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{number}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal(["expired", "paid"], paid.AttemptStatuses());
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_payment_is_a_422_for_another_order_and_a_bad_one_is_a_400()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Key", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var order = await app.CardCheckoutAsync(product.Slug);
        await factory.DecideAsync(order.PaymentUrl()!, TestPaymentState.Declined);
        var key = Guid.NewGuid().ToString();

        async Task<HttpResponseMessage> PayAsync(string idempotencyKey, JsonElement? which = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/me/orders/{(which ?? order).Number()}/payment");
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
            return await app.SendAsync(request);
        }

        using var first = await PayAsync(key);
        var url = (await OpenApiContract.AssertMatchesAsync(first, "POST", "/api/v1/me/orders/{number}/payment")).PaymentUrl();
        using var replay = await PayAsync(key);
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(url, (await OpenApiContract.AssertMatchesAsync(replay, "POST", "/api/v1/me/orders/{number}/payment")).PaymentUrl());
        Assert.Equal(2, (await factory.PaymentsOfAsync(order.Number())).Count);

        var other = await app.CardCheckoutAsync(product.Slug);
        await factory.DecideAsync(other.PaymentUrl()!, TestPaymentState.Declined);
        using var reused = await PayAsync(key, other);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/idempotency-key-reused", await ApiSteps.ProblemTypeAsync(reused, "POST", "/api/v1/me/orders/{number}/payment"));
        Assert.Single(await factory.PaymentsOfAsync(other.Number()));

        using var bad = await PayAsync(new string('k', 101));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(bad, "POST", "/api/v1/me/orders/{number}/payment"));
    }

    [Fact]
    public async Task A_guest_pays_with_the_orders_token()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Guest", priceMinor: 1500, stock: 5);
        var app = factory.CreateApiClient();
        var cart = await app.CreateCartAsync();
        (await app.AddLineAsync(cart, product.Slug)).EnsureSuccessStatusCode();
        var body = ApiSteps.CheckoutBody(cart);
        body["payment"] = "card";
        using var placed = await app.CheckoutAsync(cart, body, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        var answer = await OpenApiContract.AssertMatchesAsync(placed, "POST", "/api/v1/checkout");
        var (order, token) = (answer.GetProperty("order"), answer.GetProperty("accessToken").GetString()!);
        var number = order.Number();
        await factory.DecideAsync(order.PaymentUrl()!, TestPaymentState.Declined);

        HttpRequestMessage Pay(string? orderToken)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/orders/{number}/payment");
            if (orderToken is not null)
            {
                request.Headers.Add("Order-Token", orderToken);
            }

            return request;
        }

        using var wrongToken = await app.SendAsync(Pay(new string('0', 48)));
        Assert.Equal(HttpStatusCode.NotFound, wrongToken.StatusCode);
        Assert.Equal("https://shopweb.example/problems/not-found", await ApiSteps.ProblemTypeAsync(wrongToken, "POST", "/api/v1/orders/{number}/payment"));
        using var noToken = await app.SendAsync(Pay(null));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal("https://shopweb.example/problems/validation", await ApiSteps.ProblemTypeAsync(noToken, "POST", "/api/v1/orders/{number}/payment"));

        using var started = await app.SendAsync(Pay(token));
        var url = (await OpenApiContract.AssertMatchesAsync(started, "POST", "/api/v1/orders/{number}/payment")).PaymentUrl()!;
        Assert.NotEqual(order.PaymentUrl(), url);
        await factory.DecideAsync(url, TestPaymentState.Paid);

        var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/orders/{number}");
        read.Headers.Add("Order-Token", token);
        var paid = await OpenApiContract.AssertMatchesAsync(await app.SendAsync(read), "GET", "/api/v1/orders/{number}");
        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal(["expired", "paid"], paid.AttemptStatuses());
        using var paidAgain = await app.SendAsync(Pay(token));
        Assert.Equal(HttpStatusCode.Conflict, paidAgain.StatusCode);
        Assert.Equal("https://shopweb.example/problems/order-not-payable", await ApiSteps.ProblemTypeAsync(paidAgain, "POST", "/api/v1/orders/{number}/payment"));
    }

    [Fact]
    public async Task Orders_not_paid_by_card_or_cancelled_take_no_payment_and_refunds_show_on_the_order()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Refund", priceMinor: 4000, stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);

        (await app.PostAsJsonAsync("/api/v1/me/cart/lines", new { productSlug = product.Slug, quantity = 1 })).EnsureSuccessStatusCode();
        using var onDelivery = await app.SignedInCheckoutAsync(ApiSteps.SignedInCheckoutBody(null, null), Guid.NewGuid().ToString());
        var delivered = (await OpenApiContract.AssertMatchesAsync(onDelivery, "POST", "/api/v1/checkout")).GetProperty("order");
        Assert.Equal("payOnDelivery", delivered.Payment().GetProperty("method").GetString());
        Assert.Null(delivered.PaymentUrl());
        Assert.Empty(delivered.AttemptStatuses());
        using var notCard = await app.PostAsync($"/api/v1/me/orders/{delivered.Number()}/payment", null);
        Assert.Equal(HttpStatusCode.Conflict, notCard.StatusCode);
        Assert.Equal("https://shopweb.example/problems/order-not-payable", await ApiSteps.ProblemTypeAsync(notCard, "POST", "/api/v1/me/orders/{number}/payment"));

        var cancelledOrder = await app.CardCheckoutAsync(product.Slug);
        (await app.PostAsync($"/api/v1/me/orders/{cancelledOrder.Number()}/cancel", null)).EnsureSuccessStatusCode();
        using var cancelled = await app.PostAsync($"/api/v1/me/orders/{cancelledOrder.Number()}/payment", null);
        Assert.Equal(HttpStatusCode.Conflict, cancelled.StatusCode);
        Assert.Equal("https://shopweb.example/problems/order-not-payable", await ApiSteps.ProblemTypeAsync(cancelled, "POST", "/api/v1/me/orders/{number}/payment"));

        // A paid card order, partly refunded (the admin's refund is written as its record, as the refund page would).
        var order = await app.CardCheckoutAsync(product.Slug);
        await factory.DecideAsync(order.PaymentUrl()!, TestPaymentState.Paid);
        var payment = (await factory.PaymentsOfAsync(order.Number())).Single();
        await factory.WithDbAsync(async db =>
        {
            db.Refunds.Add(new Refund
            {
                OrderId = payment.OrderId, PaymentId = payment.Id, AmountMinor = 1250, Currency = payment.Currency, Reason = "Dented lid",
                IdempotencyKey = Guid.NewGuid().ToString(), Status = RefundStatus.Succeeded, CreatedAt = factory.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            return await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.RefundedMinor, 1250));
        });

        var refunded = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{order.Number()}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal("partlyRefunded", refunded.Payment().GetProperty("status").GetString());
        var refund = Assert.Single(refunded.Payment().GetProperty("refunds").EnumerateArray());
        Assert.Equal("12.50", refund.GetProperty("amount").GetProperty("amount").GetString());
        Assert.Equal(payment.Currency, refund.GetProperty("amount").GetProperty("currency").GetString());
        Assert.Equal("Dented lid", refund.GetProperty("reason").GetString());
        Assert.Equal("succeeded", refund.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/v1/me/orders/{number}/payment")]
    public async Task Without_a_token_it_is_a_401_problem(string method, string template)
    {
        using var app = AppSignIn.AppClient(factory);
        using var response = await app.SendAsync(new HttpRequestMessage(new HttpMethod(method), template.Replace("{number}", "SW-23456789")));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("https://shopweb.example/problems/unauthorized", await ApiSteps.ProblemTypeAsync(response, method, template));
    }
}

/// <summary>
/// Past its hold, a card order is no longer payable: asking for a page ends it (cancelled, stock back) and is a 409. In
/// a shop without the reconciler, which would otherwise cancel the order on its own a moment after the clock moves:
/// the request's answer must not depend on which of the two comes first.
/// </summary>
public sealed class CardPaymentHoldTests(CardPaymentHoldTests.ShopWithoutReconciler factory) : IClassFixture<CardPaymentHoldTests.ShopWithoutReconciler>
{
    public sealed class ShopWithoutReconciler() : ShopFactory(CardPaymentSteps.TestProvider(),
        services: s => s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(PaymentReconciler))));

    [Fact]
    public async Task A_page_asked_for_after_the_hold_ended_is_a_409_and_the_order_is_cancelled()
    {
        var (product, order, tokens) = await CardOrderAsync("Card Hold");

        // The app's access token ended with the hold: it refreshes it, as an app does.
        factory.Clock.Advance(TimeSpan.FromMinutes(31));
        using var app = await RefreshedAppAsync(tokens);
        var late = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{order.Number()}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Null(late.PaymentUrl());

        await AssertRefusedAndCancelledAsync(app, product, order);
        Assert.Equal(["expired"], (await factory.PaymentsOfAsync(order.Number())).Select(p => p.Status.ToString().ToLowerInvariant()));
    }

    [Fact]
    public async Task A_page_asked_for_while_the_end_of_the_last_session_is_being_applied_is_a_409_and_no_new_page()
    {
        var (product, order, tokens) = await CardOrderAsync("Card Hold Race");
        factory.Clock.Advance(TimeSpan.FromMinutes(31));

        // The reconciler (or the provider's webhook) has recorded the session's end, and not yet cancelled the order.
        var payment = (await factory.PaymentsOfAsync(order.Number())).Single();
        await factory.WithDbAsync(db => db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.Status, PaymentStatus.Expired)));

        using var app = await RefreshedAppAsync(tokens);
        await AssertRefusedAndCancelledAsync(app, product, order);
        Assert.Single(await factory.PaymentsOfAsync(order.Number()));
    }

    private async Task<(Product Product, JsonElement Order, AppTokens Tokens)> CardOrderAsync(string name)
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), name, stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        var order = await AppSignIn.AppClient(factory, tokens.AccessToken).CardCheckoutAsync(product.Slug);
        Assert.Equal(4, await factory.StockOfAsync(product.Id));
        return (product, order, tokens);
    }

    private async Task<HttpClient> RefreshedAppAsync(AppTokens tokens)
    {
        using var refreshed = await AppSignIn.RefreshAsync(factory, tokens.RefreshToken!);
        return AppSignIn.AppClient(factory, (await AppSignIn.ReadTokensAsync(refreshed)).AccessToken);
    }

    private async Task AssertRefusedAndCancelledAsync(HttpClient app, Product product, JsonElement order)
    {
        using var refused = await app.PostAsync($"/api/v1/me/orders/{order.Number()}/payment", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/order-not-payable", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/me/orders/{number}/payment"));
        var cancelled = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{order.Number()}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Null(cancelled.PaymentUrl());
        Assert.Equal(5, await factory.StockOfAsync(product.Id));
    }
}
