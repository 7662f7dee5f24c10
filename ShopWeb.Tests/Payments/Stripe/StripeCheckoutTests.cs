using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Payments.Stripe;

/// <summary>
/// A card order of a shop on Stripe, through the shop's own checkout and services, with Stripe.net talking to the
/// stub: the session Stripe is asked for carries the order's own lines in the currency's minor units and adds up to
/// its total, and Stripe's signed "completed" event pays the order once.
/// </summary>
public abstract class StripeCheckoutTests(StripeShop shop)
{
    protected async Task<(Order Order, Payment Payment, StubRequest Sent)> CardOrderAsync(long priceMinor)
    {
        var factory = shop.Factory;
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Enamel mug " + CatalogSteps.Marker(), priceMinor);
        var email = CatalogSteps.Marker() + "@shop.test";
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(product);
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = "Card";
        await browser.CheckoutAsync(fields);

        var order = await factory.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Payments).SingleAsync(o => o.Email == email));
        Assert.Equal((PaymentMethod.Card, OrderStatus.AwaitingPayment), (order.Payment, order.Status));

        // The checkout starts the hosted session (once the card checkout is merged); on its own this branch starts it here.
        var payment = order.Payments.OrderBy(p => p.Id).LastOrDefault()
            ?? await shop.WithPaymentsAsync(services => services.GetRequiredService<CardPayments>().StartAsync(order.Id))
            ?? throw new InvalidOperationException("No payment was started.");
        var sent = shop.Stub.Received("POST", "/v1/checkout/sessions").Last(r => r.Form["client_reference_id"] == order.Number);
        return (order, payment, sent);
    }

    protected static List<(string Name, long UnitAmount, long Quantity)> Lines(StubRequest sent) =>
        [.. sent.LineItems.Select(l => (l.Name, l.UnitAmount, l.Quantity))];

    protected Task<SignalOutcome> DeliverAsync(string body, string signature) =>
        shop.WithPaymentsAsync(services => services.GetRequiredService<PaymentSignals>()
            .ReceiveAsync(services.GetRequiredService<IPaymentProvider>(), body, signature));
}

public sealed class StripeEuroCheckoutTests(EuroStripeShop shop) : StripeCheckoutTests(shop), IClassFixture<EuroStripeShop>
{
    [Fact]
    public async Task Only_the_pages_whose_forms_send_the_shopper_to_stripe_let_forms_go_there()
    {
        // A browser checks a form's redirect against the page's form-action (the E2E journey shows Chromium doing it).
        var (order, _, _) = await CardOrderAsync(priceMinor: 990);
        var token = await shop.Factory.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).Select(o => o.AccessToken).SingleAsync());
        using var browser = shop.Factory.CreateBrowser();
        var orderPage = await browser.GetAsync($"/orders/{order.Number}?token={token}"); // Pay now
        await browser.AddToCartAsync(await shop.Factory.CreateProductAsync(await shop.Factory.CreateCategoryAsync(), "Mug " + CatalogSteps.Marker(), 990));
        var checkout = await browser.GetAsync("/checkout"); // Place order

        foreach (var page in new[] { orderPage, checkout })
        {
            Assert.Contains("form-action 'self' https://checkout.stripe.com;", page.Response.Headers.GetValues("Content-Security-Policy").Single());
        }

        foreach (var other in new[] { "/", "/cart", "/account/login" })
        {
            Assert.Contains("form-action 'self';", (await browser.GetAsync(other)).Response.Headers.GetValues("Content-Security-Policy").Single());
        }
    }

    [Fact]
    public async Task A_card_order_gets_a_Stripe_session_for_its_lines_shipping_and_tax_and_the_signed_completed_event_pays_it_once()
    {
        var (order, payment, sent) = await CardOrderAsync(priceMinor: 1290);

        Assert.Equal("Stripe", payment.Provider);
        Assert.Equal(StripeStub.HostedPage(payment.SessionId), payment.Url);
        Assert.Equal(2038, order.TotalMinor); // €12.90 + €4.90 shipping + 20% tax on the goods (€2.58)
        Assert.Equal([(order.Lines.Single().ProductName, 1290L, 1L), ("Shipping", 490L, 1L), ("Tax", 258L, 1L)], Lines(sent));
        Assert.Equal("eur", sent.Form["line_items[0][price_data][currency]"]);
        Assert.Equal(order.TotalMinor, Lines(sent).Sum(l => l.UnitAmount * l.Quantity));
        Assert.Equal(order.Email, sent.Form["customer_email"]);
        Assert.Equal($"{ShopFactory.PublicUrl}checkout/return?attempt={payment.AttemptKey}", sent.Form["success_url"]);
        Assert.Equal($"{ShopFactory.PublicUrl}checkout/return?attempt={payment.AttemptKey}&cancelled=true", sent.Form["cancel_url"]);
        Assert.Equal(payment.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), sent.Form["expires_at"]);
        Assert.Equal(payment.AttemptKey, sent.Headers["Idempotency-Key"]);

        var body = StripeEvents.SessionEvent("checkout.session.completed", payment.SessionId, 2038, "eur", paymentIntent: "pi_eur_paid");
        var signature = StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow());

        Assert.Equal(new SignalOutcome.Paid(order.Id), await DeliverAsync(body, signature));
        Assert.IsType<SignalOutcome.Duplicate>(await DeliverAsync(body, signature));
        var paid = await shop.Factory.WithDbAsync(db => db.Payments.AsNoTracking().SingleAsync(p => p.Id == payment.Id));
        var status = await shop.Factory.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync());
        Assert.Equal((OrderStatus.Paid, PaymentStatus.Paid, 2038L, "pi_eur_paid"), (status, paid.Status, paid.CapturedMinor, paid.ProviderPaymentId));
    }

    [Fact]
    public async Task A_forged_completed_event_changes_nothing()
    {
        var (order, payment, _) = await CardOrderAsync(priceMinor: 1290);
        var body = StripeEvents.SessionEvent("checkout.session.completed", payment.SessionId, order.TotalMinor, "eur");

        await Assert.ThrowsAsync<PaymentSignatureException>(() =>
            DeliverAsync(body, StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow(), secret: "whsec_forger")));

        var status = await shop.Factory.WithDbAsync(db => db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync());
        Assert.Equal(OrderStatus.AwaitingPayment, status);
        Assert.False(await shop.Factory.WithDbAsync(db => db.PaymentEvents.AnyAsync(e => e.SessionId == payment.SessionId)));
    }
}

public sealed class StripeYenCheckoutTests(YenStripeShop shop) : StripeCheckoutTests(shop), IClassFixture<YenStripeShop>
{
    [Fact]
    public async Task A_yen_shop_shows_and_charges_whole_yen()
    {
        var (order, payment, sent) = await CardOrderAsync(priceMinor: 1200);

        Assert.Equal(1700, order.TotalMinor); // ¥1,200 + ¥500 shipping
        Assert.Equal([(order.Lines.Single().ProductName, 1200L, 1L), ("Shipping", 500L, 1L)], Lines(sent));
        Assert.Equal("jpy", sent.Form["line_items[0][price_data][currency]"]);

        var productId = order.Lines.Single().ProductId;
        var slug = await shop.Factory.WithDbAsync(db => db.Products.Where(p => p.Id == productId).Select(p => p.Slug).SingleAsync());
        using var browser = shop.Factory.CreateBrowser();
        var page = await browser.GetAsync("/products/" + slug);
        Assert.Equal("¥1,200", page.Document.QuerySelector(".price")?.TextContent.Trim());

        var body = StripeEvents.SessionEvent("checkout.session.completed", payment.SessionId, 1700, "jpy");
        Assert.Equal(new SignalOutcome.Paid(order.Id), await DeliverAsync(body, StripeEvents.Sign(body, shop.Factory.Clock.GetUtcNow())));
    }
}
