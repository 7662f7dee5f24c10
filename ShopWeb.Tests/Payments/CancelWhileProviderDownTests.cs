using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments;

/// <summary>
/// Cancelling an unpaid card order ends its open payment page at the provider first, so none can take money afterwards.
/// When the provider does not answer, nothing is cancelled and the shopper, the app or the admin is told to try again:
/// never the error page, never a cancelled order whose page could still be paid.
/// </summary>
public sealed class CancelWhileProviderDownTests(CardShop factory) : IClassFixture<CardShop>
{
    private const string NotAnswered = "The card payment service did not answer";

    [Fact]
    public async Task The_shoppers_cancel_says_to_try_again_and_cancels_nothing_then_works()
    {
        var (number, _, orderId) = await factory.CardOrderAsync();
        var token = await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.AccessToken).SingleAsync());
        using var shopper = factory.CreateBrowser();
        var page = await shopper.GetAsync($"/orders/{number}?token={token}");

        factory.UnreachableOnNextExpire();
        var refused = await shopper.SubmitAsync(page, "#cancel-order", button: "Cancel order");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal($"{NotAnswered}, so order {number} was not cancelled. Try again in a moment.", refused.Find("[role=status]")?.TextContent.Trim());
        Assert.Equal(OrderStatus.AwaitingPayment, await StatusAsync(orderId));
        Assert.Contains(await factory.PaymentsOfAsync(number), p => p.Status == PaymentStatus.Open);

        var cancelled = await shopper.SubmitAsync(refused, "#cancel-order", button: "Cancel order");
        Assert.Contains($"Order {number} has been cancelled.", cancelled.Find("[role=status]")?.TextContent);
        Assert.Equal(OrderStatus.Cancelled, await StatusAsync(orderId));
    }

    [Fact]
    public async Task The_apps_cancel_is_a_503_problem_with_retry_after_and_cancels_nothing()
    {
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Card Cancel Down", stock: 5);
        var (_, tokens) = await AppSignIn.NewShopperAsync(factory);
        using var app = AppSignIn.AppClient(factory, tokens.AccessToken);
        var number = (await app.CardCheckoutAsync(product.Slug)).Number();

        factory.UnreachableOnNextExpire();
        using var refused = await app.PostAsync($"/api/v1/me/orders/{number}/cancel", null);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("https://shopweb.example/problems/payment-provider-unavailable", await ApiSteps.ProblemTypeAsync(refused, "POST", "/api/v1/me/orders/{number}/cancel"));
        Assert.Equal("5", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, await factory.StockOfAsync(product.Id));

        using var retried = await app.PostAsync($"/api/v1/me/orders/{number}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(5, await factory.StockOfAsync(product.Id));
    }

    [Fact]
    public async Task The_admins_move_to_cancelled_says_why_nothing_changed()
    {
        var (number, _, orderId) = await factory.CardOrderAsync();
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");

        factory.UnreachableOnNextExpire();
        var refused = await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Out of stock" }, button: "Move order");

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.StartsWith(NotAnswered, refused.Find("[data-valmsg-for='Input.To']")?.TextContent);
        Assert.Equal(OrderStatus.AwaitingPayment, await StatusAsync(orderId));
        Assert.Empty(await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == number && a.Action == "order.status").ToListAsync()));
    }

    private Task<OrderStatus> StatusAsync(int orderId) => factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync());
}
