using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;
using ShopWeb.Tests.Payments;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>"Move order" on a card order awaiting payment: never paid by hand, and cancelled only once no session can take money.</summary>
public sealed class AdminCardOrderMovesTests(CardShop factory) : IClassFixture<CardShop>
{
    [Fact]
    public async Task An_unpaid_card_order_cannot_be_marked_paid_by_hand_even_by_a_crafted_post()
    {
        var (number, _, orderId) = await factory.CardOrderAsync();
        var payment = await factory.StartPaymentAsync(orderId);
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");
        Assert.Equal(["Cancelled"], page.Document.QuerySelectorAll("#move select[name='Input.To'] option").Select(o => o.GetAttribute("value") ?? "").ToArray());

        var refused = await admin.Client.SendAsync(ShopBrowser.Submission(page.Form("#move"), new Dictionary<string, string> { ["Input.To"] = "Paid" }));
        var shown = await HtmlPage.ReadAsync(refused);

        Assert.Contains("A card order becomes paid when its payment goes through, never by hand.", shown.Find("[data-valmsg-for='Input.To']")?.TextContent);
        Assert.Equal(OrderStatus.AwaitingPayment, await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync()));

        // The shopper's payment is then the one that makes it paid, and nothing is flagged.
        Assert.IsType<SignalOutcome.Paid>(await factory.PayAsync(payment.SessionId));
        Assert.Equal(PaymentStatus.Paid, await factory.WithDbAsync(db => db.Payments.Where(p => p.Id == payment.Id).Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task Cancelling_an_unpaid_card_order_ends_its_payment_page_first_so_nothing_can_be_paid_for_it_afterwards()
    {
        var (number, _, orderId) = await factory.CardOrderAsync(quantity: 3);
        var payment = await factory.StartPaymentAsync(orderId);
        var variantId = await factory.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).SelectMany(o => o.Lines).Select(l => l.VariantId).SingleAsync());
        using var admin = await factory.SignedInAdminAsync();
        var page = await admin.GetAsync($"/admin/orders/{number}");

        var moved = await admin.SubmitAsync(page, "#move", new Dictionary<string, string> { ["Input.To"] = "Cancelled", ["Input.Reason"] = "Customer phoned" }, button: "Move order");

        Assert.Equal("Cancelled", moved.Find("#order-status")?.TextContent);
        Assert.Equal(100, await factory.WithDbAsync(db => db.ProductVariants.Where(v => v.Id == variantId).Select(v => v.Stock).SingleAsync()));
        Assert.Equal(TestPaymentState.Expired, await factory.WithDbAsync(db => db.TestPaymentSessions.Where(s => s.Id == payment.SessionId).Select(s => s.State).SingleAsync()));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var test = scope.ServiceProvider.GetRequiredService<ShopWeb.Payments.Test.TestPaymentProvider>();
            Assert.Null(await test.DecideAsync(payment.SessionId, TestPaymentState.Paid, CancellationToken.None)); // the page takes no card now
        }

        var entry = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == number && a.Action == "order.status").SingleAsync());
        Assert.Equal("Customer phoned", entry.Reason);
    }
}
