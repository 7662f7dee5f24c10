using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Ordering;

/// <summary>A bank-transfer order unpaid after Orders:UnpaidDays is cancelled by a background job, with its stock back and an email sent.</summary>
public sealed class UnpaidOrderExpiryTests
{
    private static readonly Dictionary<string, string?> SevenDays = new() { ["Orders:UnpaidDays"] = "7" };

    [Fact]
    public async Task An_unpaid_bank_transfer_order_is_cancelled_after_its_days_with_its_stock_back_and_an_email_while_a_paid_one_and_a_recent_one_stay()
    {
        using var factory = new ShopFactory(SevenDays);
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Kettle " + CatalogSteps.Marker(), stock: 10);
        var (unpaid, unpaidEmail) = await OrderAsync(factory, product, quantity: 3, "BankTransfer");
        var (paid, _) = await OrderAsync(factory, product, quantity: 1, "BankTransfer");
        await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == paid).ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, OrderStatus.Paid)));
        var (onDelivery, _) = await OrderAsync(factory, product, quantity: 1, "PayOnDelivery");
        factory.Clock.Advance(TimeSpan.FromDays(6));
        var (recent, _) = await OrderAsync(factory, product, quantity: 2, "BankTransfer");
        Assert.Equal(3, await factory.StockOfAsync(product.Id));

        factory.Clock.Advance(TimeSpan.FromDays(1.1));

        Assert.True(await BackgroundJobs.UntilAsync(async () => await StatusAsync(factory, unpaid) == OrderStatus.Cancelled), "the unpaid order is not cancelled");
        Assert.Equal(6, await factory.StockOfAsync(product.Id));
        Assert.Equal(OrderStatus.Paid, await StatusAsync(factory, paid));
        Assert.Equal(OrderStatus.AwaitingPayment, await StatusAsync(factory, onDelivery));
        Assert.Equal(OrderStatus.AwaitingPayment, await StatusAsync(factory, recent));
        var email = Assert.Single(factory.Mail.To(unpaidEmail), m => m.Subject?.Contains("cancelled", StringComparison.Ordinal) == true);
        Assert.Contains($"We had not received the bank transfer for your order {unpaid}", email.TextBody, StringComparison.Ordinal);
        Assert.EndsWith($"/orders/{unpaid}", Mailbox.Link(email, "See your order").AbsolutePath, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Two_instances_on_one_store_cancel_an_unpaid_order_once_and_return_its_stock_once()
    {
        using var first = new ShopFactory(SevenDays);
        using var second = new ShopFactory(SevenDays, folder: first.Folder);
        _ = second.Services; // starts the second instance and its jobs
        var product = await first.CreateProductAsync(await first.CreateCategoryAsync(), "Teapot " + CatalogSteps.Marker(), stock: 10);
        var orders = new List<(string Number, string Email)>();
        for (var i = 0; i < 5; i++)
        {
            orders.Add(await OrderAsync(first, product, quantity: 2, "BankTransfer"));
        }

        Assert.Equal(0, await first.StockOfAsync(product.Id));

        first.Clock.Advance(TimeSpan.FromDays(7.1));
        second.Clock.Advance(TimeSpan.FromDays(7.1));

        foreach (var (number, _) in orders)
        {
            Assert.True(await BackgroundJobs.UntilAsync(async () => await StatusAsync(first, number) == OrderStatus.Cancelled), $"{number} is not cancelled");
        }

        Assert.Equal(10, await first.StockOfAsync(product.Id));
        foreach (var (_, email) in orders)
        {
            Assert.Single(first.Mail.To(email), m => m.Subject?.Contains("cancelled", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task The_shopper_sees_the_date_to_pay_by_on_the_order_list_the_order_and_the_confirmation()
    {
        using var factory = new ShopFactory(new Dictionary<string, string?> { ["Orders:UnpaidDays"] = "5" });
        var product = await factory.CreateProductAsync(await factory.CreateCategoryAsync(), "Ladle " + CatalogSteps.Marker());
        var (shopper, email) = await factory.SignedInShopperAsync();
        using var _ = shopper;
        await shopper.AddToCartAsync(product);
        var confirmation = await shopper.CheckoutAsync(Fields(email, "BankTransfer"));
        var number = confirmation.Find("[role=status] strong")!.TextContent.Trim();
        var placedAt = await factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.PlacedAt).SingleAsync());
        var payBy = ShopWeb.Infrastructure.TimeFormat.Text(placedAt.AddDays(5));

        Assert.Contains($"by {payBy}", confirmation.Document.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Pay by {payBy}", (await shopper.GetAsync("/orders")).Find("table.cart tbody tr")?.TextContent, StringComparison.Ordinal);
        var order = await shopper.GetAsync($"/orders/{number}");
        Assert.Contains(payBy, order.Find("dl.facts")?.TextContent, StringComparison.Ordinal);
        Assert.Contains($"by {payBy}", factory.Mail.LatestTo(email).TextBody, StringComparison.Ordinal);
        using var app = AppSignIn.AppClient(factory, (await AppSignIn.TokensForAsync(factory, email)).AccessToken);
        using var read = await app.GetAsync($"/api/v1/me/orders/{number}");
        var body = await OpenApiContract.AssertMatchesAsync(read, "GET", "/api/v1/me/orders/{number}");
        Assert.Equal(placedAt.AddDays(5).UtcDateTime, body.GetProperty("payBy").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));

        await shopper.AddToCartAsync(product);
        var onDelivery = (await shopper.CheckoutAsync(Fields(email, "PayOnDelivery"))).Find("[role=status] strong")!.TextContent.Trim();
        Assert.DoesNotContain("Pay by", (await shopper.GetAsync($"/orders/{onDelivery}")).Find("dl.facts")?.TextContent, StringComparison.Ordinal);
        var onDeliveryBody = await OpenApiContract.AssertMatchesAsync(await app.GetAsync($"/api/v1/me/orders/{onDelivery}"), "GET", "/api/v1/me/orders/{number}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, onDeliveryBody.GetProperty("payBy").ValueKind);
    }

    /// <summary>A guest's order through the product page and the checkout form.</summary>
    private static async Task<(string Number, string Email)> OrderAsync(ShopFactory factory, Product product, int quantity, string payment)
    {
        using var guest = factory.CreateBrowser();
        await guest.AddToCartAsync(product, quantity);
        var email = AccountSteps.NewEmail("guest");
        var confirmation = await guest.CheckoutAsync(Fields(email, payment));
        return (confirmation.Find("[role=status] strong")!.TextContent.Trim(), email);
    }

    private static Dictionary<string, string> Fields(string email, string payment)
    {
        var fields = CheckoutSteps.GuestFields(email);
        fields["Input.Payment"] = payment;
        return fields;
    }

    private static Task<OrderStatus> StatusAsync(ShopFactory factory, string number) =>
        factory.WithDbAsync(db => db.Orders.Where(o => o.Number == number).Select(o => o.Status).SingleAsync());
}
