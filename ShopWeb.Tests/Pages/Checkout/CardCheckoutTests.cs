using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Checkout;

/// <summary>Card checkout through the Test provider's hosted page, over real HTTP as a browser goes.</summary>
public sealed class CardCheckoutTests(CardCheckoutTests.Shop factory) : IClassFixture<CardCheckoutTests.Shop>
{
    public sealed class Shop() : ShopFactory(new Dictionary<string, string?> { ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true" });

    [Fact]
    public async Task A_card_payment_on_the_hosted_page_pays_the_order_and_sends_one_confirmation()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", priceMinor: 1250, stock: 10);
        var email = AccountSteps.NewEmail("card");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug, 2);
        var checkout = await browser.GetAsync("/checkout");
        Assert.Equal("Pay by card", checkout.Find("label[for=payment-Card]")?.TextContent); // the product's own words
        Assert.Contains("payment provider's page, never on this shop's", checkout.Find("fieldset:has(#payment-Card) .hint")?.TextContent);

        var hosted = await browser.CheckoutByCardAsync(email);

        Assert.StartsWith("/payments/test/tps_", hosted.Address());
        Assert.Contains("TEST PAYMENT", hosted.Find("[role=note]")?.TextContent);
        var placed = await factory.OrderOfAsync(email);
        Assert.Equal((OrderStatus.AwaitingPayment, PaymentMethod.Card), (placed.Status, placed.Payment));
        Assert.Contains(placed.Number, hosted.Body);
        Assert.Contains(ShopWeb.Catalog.Prices.Format(placed.TotalMinor, placed.Currency), hosted.Find("tfoot")?.TextContent);
        Assert.Contains("2 × Jug", hosted.Find("tbody")?.TextContent);
        Assert.Equal(8, await factory.StockOfAsync(jug.Id)); // held while the shopper pays
        Assert.Empty(factory.Mail.To(email)); // a card order's confirmation waits for the payment

        var orderPage = await browser.PressAsync(hosted, "Pay");

        Assert.Equal($"Order {placed.Number}", orderPage.Heading);
        Assert.Contains("payment was received", orderPage.Find("[role=status]")?.TextContent);
        Assert.Contains("Card: Paid", orderPage.Find("dl.facts")?.TextContent);
        Assert.Null(orderPage.Find("#pay-now"));
        var order = await factory.OrderOfAsync(email);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(order.Payments).Status);
        var mail = Assert.Single(factory.Mail.To(email));
        Assert.Contains(order.Number, mail.Subject);
        Assert.Contains("card payment", mail.TextBody);
        Assert.Equal(8, await factory.StockOfAsync(jug.Id));

        // Back to the hosted page (the browser's history): it has ended, and paying again is refused there.
        var again = await browser.GetAsync(hosted.Address());
        Assert.Null(again.Find("#test-payment"));
        Assert.Contains("complete", again.Find("[role=status]")?.TextContent);
    }

    [Fact]
    public async Task A_declined_payment_leaves_the_order_awaiting_payment_and_pay_now_pays_it()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 5);
        var email = AccountSteps.NewEmail("declined");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var hosted = await browser.CheckoutByCardAsync(email);

        var orderPage = await browser.PressAsync(hosted, "Decline");

        Assert.Contains("did not go through", orderPage.Find("[role=status]")?.TextContent);
        Assert.Contains("declined", orderPage.Find(".payment-attempts")?.TextContent);
        Assert.Equal("Payment failed", orderPage.Find("#payment-state")?.TextContent);
        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderOfAsync(email)).Status);
        Assert.Equal(4, await factory.StockOfAsync(jug.Id));

        var secondPage = await browser.OnOrderPageAsync(orderPage, "#pay-now", "Pay now");
        Assert.StartsWith("/payments/test/", secondPage.Address());
        Assert.NotEqual(hosted.Address(), secondPage.Address()); // a new session for the same order
        var paid = await browser.PressAsync(secondPage, "Pay");

        Assert.Contains("payment was received", paid.Find("[role=status]")?.TextContent);
        Assert.Equal("Paid", paid.Find("#payment-state")?.TextContent);
        var order = await factory.OrderOfAsync(email);
        Assert.Equal(OrderStatus.Paid, order.Status);
        Assert.Equal([PaymentStatus.Expired, PaymentStatus.Paid], order.Payments.OrderBy(p => p.Id).Select(p => p.Status));
        Assert.Single(factory.Mail.To(email));
        Assert.Null((await browser.GetAsync(hosted.Address())).Find("#test-payment")); // the declined session cannot be paid any more
    }

    [Fact]
    public async Task Cancel_on_the_hosted_page_keeps_the_order_payable_and_cancel_order_returns_the_stock()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 5);
        var email = AccountSteps.NewEmail("cancel");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug, 2);
        var hosted = await browser.CheckoutByCardAsync(email);

        var orderPage = await browser.PressAsync(hosted, "Cancel");

        Assert.Contains("left the payment page", orderPage.Find("[role=status]")?.TextContent);
        Assert.NotNull(orderPage.Find("#pay-now"));
        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderOfAsync(email)).Status);
        Assert.Equal(3, await factory.StockOfAsync(jug.Id));

        var cancelled = await browser.OnOrderPageAsync(orderPage, "#cancel-order", "Cancel order");

        Assert.Contains("has been cancelled", cancelled.Find("[role=status]")?.TextContent);
        var order = await factory.OrderOfAsync(email);
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal(PaymentStatus.Expired, Assert.Single(order.Payments).Status);
        Assert.Equal(5, await factory.StockOfAsync(jug.Id));
        Assert.Null((await browser.GetAsync(hosted.Address())).Find("#test-payment")); // ended at the provider too
        Assert.Empty(factory.Mail.To(email));
    }

    [Fact]
    public async Task The_return_page_asks_the_provider_and_confirms_until_paid()
    {
        var category = await factory.CreateCategoryAsync();
        var jug = await factory.CreateProductAsync(category, "Jug", stock: 5);
        var email = AccountSteps.NewEmail("return");
        using var browser = factory.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var hosted = await browser.CheckoutByCardAsync(email);
        var attempt = Assert.Single((await factory.OrderOfAsync(email)).Payments).AttemptKey;

        // Still open at the provider, whatever the query says: the page waits and checks again, by its script or its link.
        var waiting = await browser.GetAsync($"/checkout/return?attempt={attempt}&paid=true&status=complete");
        Assert.Equal("We are confirming your payment", waiting.Heading);
        Assert.Null(waiting.Find("meta[http-equiv=refresh]")); // which a screen reader cannot stop
        var checkAgain = waiting.Find("a#check-again")!;
        Assert.Equal($"/checkout/return?attempt={attempt}&check=1", checkAgain.GetAttribute("href"));
        Assert.Equal("3", checkAgain.GetAttribute("data-after-seconds"));
        Assert.NotNull(waiting.Find("script[src^='/js/check-again']"));
        Assert.Equal(OrderStatus.AwaitingPayment, (await factory.OrderOfAsync(email)).Status);

        // After a minute of checks the page stops checking on its own: a payment that takes days asks no more.
        var later = await browser.GetAsync($"/checkout/return?attempt={attempt}&check=20");
        Assert.Null(later.Find("a#check-again[data-after-seconds]"));
        Assert.Null(later.Find("script[src^='/js/check-again']"));
        Assert.Contains("taking longer than usual", later.Find("[role=status]")?.TextContent);
        Assert.Equal($"/checkout/return?attempt={attempt}", later.Find("a#check-again")?.GetAttribute("href"));

        var sessionId = hosted.Address().Split('/')[^1];
        await factory.WithDbAsync(async db =>
        {
            // The provider took the payment but its event never came: the return page alone finds it paid.
            var session = await db.TestPaymentSessions.FindAsync(sessionId);
            session!.State = TestPaymentState.Paid;
            return await db.SaveChangesAsync();
        });
        var paid = await browser.GetAsync($"/checkout/return?attempt={attempt}");

        Assert.Contains("payment was received", paid.Find("[role=status]")?.TextContent);
        Assert.Equal("Paid", paid.Find("#payment-state")?.TextContent);
        Assert.Equal(OrderStatus.Paid, (await factory.OrderOfAsync(email)).Status);
        Assert.Single(factory.Mail.To(email));

        using var stranger = factory.CreateBrowser();
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/checkout/return?attempt=" + new string('0', 32))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/checkout/return")).Status);
    }

    [Fact]
    public async Task Card_is_offered_with_a_provider_and_a_switched_off_method_is_refused()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true", ["Payments:BankTransfer"] = "false",
        });
        await Bank_transfer_is_refused_where_the_checkout_offers(shop, ["Card", "PayOnDelivery"]);
    }

    [Fact]
    public async Task Bank_transfer_without_an_account_to_pay_into_is_not_offered_and_refused()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Payments:BankTransferTo"] = "" });
        await Bank_transfer_is_refused_where_the_checkout_offers(shop, ["PayOnDelivery"]);
    }

    /// <summary>The checkout lists <paramref name="offered"/> alone, and a bank transfer posted anyway is refused with nothing ordered.</summary>
    private static async Task Bank_transfer_is_refused_where_the_checkout_offers(ShopFactory shop, string[] offered)
    {
        var jug = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Jug", stock: 5);
        using var browser = shop.CreateBrowser();
        await browser.AddToCartAsync(jug);
        var form = await browser.GetAsync("/checkout");
        Assert.Equal(offered, form.Document.QuerySelectorAll("input[name='Input.Payment']").Select(i => i.GetAttribute("value")));
        Assert.DoesNotContain("bank transfer", form.Find("#Input_Payment .hint")?.TextContent); // nor does its hint offer it

        var fields = CheckoutSteps.GuestFields(AccountSteps.NewEmail("transfer"));
        fields["Input.Payment"] = "BankTransfer";
        var refused = await browser.SubmitAsync(form, "#checkout", fields, button: "Place order");

        Assert.Equal("Checkout", refused.Heading);
        Assert.Contains("Bank transfer is not offered", refused.Find("[data-valmsg-for='Input.Payment']")?.TextContent);
        Assert.Equal(5, await shop.StockOfAsync(jug.Id));
    }

    [Fact]
    public async Task With_the_provider_down_the_order_waits_with_pay_now_and_keeps_its_stock()
    {
        using var shop = new ShopFactory(
            new Dictionary<string, string?> { ["Payments:Provider"] = "Test", ["Payments:AllowTestProvider"] = "true" },
            services: services => services.AddScoped<IPaymentProvider, UnreachableProvider>());
        var jug = await shop.CreateProductAsync(await shop.CreateCategoryAsync(), "Jug", stock: 5);
        var email = AccountSteps.NewEmail("down");
        using var browser = shop.CreateBrowser();
        await browser.AddToCartAsync(jug);

        var orderPage = await browser.CheckoutByCardAsync(email);

        Assert.StartsWith("Order ", orderPage.Heading);
        Assert.Contains("could not be opened", orderPage.Find("[role=status]")?.TextContent);
        Assert.NotNull(orderPage.Find("#pay-now"));
        Assert.Equal(OrderStatus.AwaitingPayment, (await shop.OrderOfAsync(email)).Status);
        Assert.Equal(4, await shop.StockOfAsync(jug.Id));

        var again = await browser.OnOrderPageAsync(orderPage, "#pay-now", "Pay now");
        Assert.Contains("could not be opened", again.Find("[role=status]")?.TextContent);
        Assert.Empty((await shop.OrderOfAsync(email)).Payments);
    }

    /// <summary>A card provider that cannot be reached.</summary>
    private sealed class UnreachableProvider : IPaymentProvider
    {
        public string Name => "Test";

        public Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken) => throw Down();

        public Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken) => throw Down();

        public Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken) => throw Down();

        public Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken) => throw Down();

        public PaymentSignal ReadSignal(string body, string? signatureHeader) => throw new PaymentSignatureException("down");

        private static HttpRequestException Down() => new("The provider cannot be reached.");
    }
}
