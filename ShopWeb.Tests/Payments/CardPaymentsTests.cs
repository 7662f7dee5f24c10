using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Payments.Test;

namespace ShopWeb.Tests.Payments;

/// <summary>Starting a card payment: however many starts run at once, one page of an order can be paid.</summary>
public sealed class CardPaymentsTests(CardShop shop) : IClassFixture<CardShop>
{
    [Fact]
    public async Task Starts_at_the_same_moment_leave_one_payable_page_and_the_order_is_paid_once()
    {
        // A double click on "Pay now", or an app calling twice: each start keeps a page of its own at the provider.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var (number, _, orderId) = await shop.CardOrderAsync();
            var started = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => shop.StartPaymentAsync(orderId))));

            var sessions = await shop.WithDbAsync(db => db.TestPaymentSessions.AsNoTracking().Where(s => s.OrderNumber == number).ToListAsync());
            var open = Assert.Single(sessions, s => s.State == TestPaymentState.Open);
            Assert.Contains(started, p => p.SessionId == open.Id); // the page the shopper is sent to

            // Paying every page the starts handed out: only the open one takes money.
            var paid = 0;
            foreach (var sessionId in started.Select(p => p.SessionId).Distinct())
            {
                try
                {
                    await shop.PayAsync(sessionId);
                    paid++;
                }
                catch (InvalidOperationException)
                {
                    // "The session was not open": its page was ended.
                }
            }

            Assert.Equal(1, paid);
            var payments = await shop.WithDbAsync(db => db.Payments.AsNoTracking().Where(p => p.OrderId == orderId).ToListAsync());
            Assert.Single(payments, p => p.Status == PaymentStatus.Paid);
            Assert.DoesNotContain(payments, p => p.Status == PaymentStatus.Flagged);
            Assert.Equal(OrderStatus.Paid, await shop.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync()));
        }
    }
}
