using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ShopWeb.E2E.Infrastructure;
using ShopWeb.E2E.Infrastructure.Telemetry;
using static ShopWeb.E2E.Infrastructure.ShopperSteps;

namespace ShopWeb.E2E.Pages.Checkout;

/// <summary>The card journeys of issue 18, through the Test provider's hosted page, on one instance or the farm.</summary>
public sealed partial class CardPaymentJourneyTests(ShopFixture shop) : BrowserTest(shop)
{
    [Fact]
    public Task A_guest_pays_by_card_sees_the_order_paid_and_gets_one_confirmation() => InBrowserAsync(async page =>
    {
        var email = TypedPersonalData.Email("card");
        await AddToCartAsync(page, "/products/enamel-camping-mug", quantity: 1);
        await CheckoutByCardAsync(page, email);

        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("TEST PAYMENT — no money moves");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();

        await Assertions.Expect(Heading(page)).ToHaveTextAsync(OrderHeading());
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your payment was received");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Card: Paid");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pay now" })).ToHaveCountAsync(0);
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        var number = (await Heading(page).TextContentAsync())!["Order ".Length..];
        Assert.Equal(1, Shop.Site.Mail.CountOfEmailsTo(email));
        Assert.Contains(number, Shop.Site.Mail.SubjectOfLatestEmail(email));
    });

    [Fact]
    public Task A_declined_payment_leaves_the_order_awaiting_payment_and_pay_now_works() => InBrowserAsync(async page =>
    {
        var email = TypedPersonalData.Email("declined");
        await AddToCartAsync(page, "/products/enamel-camping-mug", quantity: 1);
        await CheckoutByCardAsync(page, email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Decline" }).ClickAsync();

        await Assertions.Expect(Heading(page)).ToHaveTextAsync(OrderHeading());
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("did not go through");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Awaiting payment");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay now" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Note)).ToContainTextAsync("TEST PAYMENT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your payment was received");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Card: Paid");
        Assert.Equal(1, Shop.Site.Mail.CountOfEmailsTo(email));
    });

    [Fact]
    public Task A_cancelled_payment_then_cancel_order_returns_the_stock() => InBrowserAsync(async page =>
    {
        var slug = $"card-lantern-{Guid.NewGuid():N}"[..24];
        await AdminSteps.SignInAsAdminAsync(page);
        await AdminSteps.AddProductAsync(page, "Card lantern " + slug[^6..], slug, "19.00", stock: 3);
        await SignOutAsync(page);

        await page.GotoAsync($"/products/{slug}");
        await Assertions.Expect(page.Locator(".stock")).ToHaveTextAsync("Only 3 left");
        await AddToCartAsync(page, $"/products/{slug}", quantity: 2);
        await CheckoutByCardAsync(page, TypedPersonalData.Email("cancel"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await Assertions.Expect(Heading(page)).ToHaveTextAsync(OrderHeading());
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("left the payment page");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GotoAsync($"/products/{slug}");
        await Assertions.Expect(page.Locator(".stock")).ToHaveTextAsync("Only 1 left"); // held while the order may still be paid
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cancel order", Exact = true })).ToBeHiddenAsync(); // one step first
        await page.GetByText("Cancel this order…").ClickAsync();
        await Assertions.Expect(page.Locator("#cancel-order")).ToContainTextAsync("cannot be undone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel order", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("has been cancelled");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Cancelled");
        await page.GotoAsync($"/products/{slug}");
        await Assertions.Expect(page.Locator(".stock")).ToHaveTextAsync("Only 3 left");
    });

    [Fact]
    public Task An_admin_refunds_part_of_a_card_order_and_both_order_pages_show_it() => InBrowserAsync(async page =>
    {
        await AddToCartAsync(page, "/products/enamel-camping-mug", quantity: 2);
        await CheckoutByCardAsync(page, TypedPersonalData.Email("refund"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Card: Paid");
        var number = (await Heading(page).TextContentAsync())!["Order ".Length..];
        var orderPage = page.Url;

        await AdminSteps.SignInAsAdminAsync(page);
        await page.GotoAsync($"/admin/orders/{number}");
        await page.AssertFitsAPhoneAsync();
        await page.GetByLabel("Amount to refund").FillAsync("5.00");
        await page.GetByLabel("Reason for the refund").FillAsync("Chipped rim");
        await page.GetByRole(AriaRole.Button, new() { Name = "Refund", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#payment-state")).ToHaveTextAsync("Partly refunded");
        await Assertions.Expect(page.Locator("#refunds")).ToContainTextAsync("Chipped rim");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();

        await SignOutAsync(page);
        await page.GotoAsync(orderPage);
        await Assertions.Expect(page.Locator("#refunds")).ToContainTextAsync("€5.00 refunded to the card you paid with (Chipped rim)");
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
    });

    private static async Task AddToCartAsync(IPage page, string product, int quantity)
    {
        await page.GotoAsync(product);
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Cart");
    }

    [Fact]
    public async Task With_Stripe_place_order_takes_the_shopper_to_stripes_hosted_page()
    {
        // Stripe's page is on another site, and Chromium checks a form's redirects against the page's CSP form-action:
        // with the shop's 'self' alone the shopper stayed on checkout, the order placed and its stock held. The Test
        // provider's page is the shop's own, so the other journeys could not show it.
        using var stripe = new ShopWeb.Tests.Payments.Stripe.StripeStub();
        using var server = new ShopServer(settings: new Dictionary<string, string?>
        {
            ["Payments:Provider"] = "Stripe",
            ["Payments:Stripe:SecretKey"] = "sk_test_stub_0123456789",
            ["Payments:Stripe:WebhookSecret"] = "whsec_stub_e2e_0123456789",
            ["Payments:Stripe:ApiBase"] = stripe.Url,
        });
        server.Start();
        await using var context = await Shop.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), Locale = "en-GB" });
        // This machine cannot reach Stripe: its page is answered in the browser, where the redirect arrives.
        await context.RouteAsync("https://checkout.stripe.com/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = "<!DOCTYPE html><html lang=\"en\"><title>Stripe Checkout</title><h1>Stripe Checkout</h1></html>",
        }));

        await RecordAsync(context, async page =>
        {
            await AddToCartAsync(page, "/products/enamel-camping-mug", quantity: 1);
            await PlaceCardOrderAsync(page, TypedPersonalData.Email("stripe"));

            await page.WaitForURLAsync(StripePage());
            await Assertions.Expect(Heading(page)).ToHaveTextAsync("Stripe Checkout");
            Assert.Single(stripe.Received("POST", "/v1/checkout/sessions"));
        }, nameof(With_Stripe_place_order_takes_the_shopper_to_stripes_hosted_page));
    }

    [GeneratedRegex(@"^https://checkout\.stripe\.com/c/pay/cs_test_")]
    private static partial Regex StripePage();

    private static async Task CheckoutByCardAsync(IPage page, string email)
    {
        await PlaceCardOrderAsync(page, email);
        await Assertions.Expect(Heading(page)).ToHaveTextAsync(new Regex("^Pay "));
    }

    private static async Task PlaceCardOrderAsync(IPage page, string email)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Checkout" }).ClickAsync();
        await Assertions.Expect(Heading(page)).ToHaveTextAsync("Checkout");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Your full name").FillAsync(TypedPersonalData.Name("Ada Card"));
        await FillAddressAsync(page, "Ada Card", "1 Analytical Row", "London", "N1 9GU", "United Kingdom");
        await page.GetByLabel("Pay by card").CheckAsync();
        await page.AssertNoAxeViolationsAsync();
        await page.AssertFitsAPhoneAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
    }

    private static Regex OrderHeading() => OrderHeadingPattern();

    [GeneratedRegex("^Order SW-")]
    private static partial Regex OrderHeadingPattern();
}
