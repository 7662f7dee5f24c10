using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Payments;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Pages.Admin;

/// <summary>The dashboard's money per currency and the order list's payment-state filter, on orders written straight to the store.</summary>
public sealed class AdminPaymentStateTests
{
    [Fact]
    public async Task The_dashboard_shows_paid_refunded_and_flagged_money_per_currency_never_summed_and_no_card_order_still_awaiting_payment()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        var now = shop.Clock.GetUtcNow();
        await shop.WithDbAsync(async db =>
        {
            var eur = NewOrder("EUR", 5000, OrderStatus.Paid, PaymentMethod.Card, now);
            eur.Payments.Add(NewPayment("EUR", 5000, PaymentStatus.Paid, captured: 5000, refunded: 1000, now));
            var jpy = NewOrder("JPY", 12000, OrderStatus.Paid, PaymentMethod.Card, now);
            jpy.Payments.Add(NewPayment("JPY", 12000, PaymentStatus.Paid, captured: 12000, refunded: 0, now));
            var jpyFlagged = NewOrder("JPY", 3000, OrderStatus.Cancelled, PaymentMethod.Card, now);
            jpyFlagged.Payments.Add(NewPayment("JPY", 3000, PaymentStatus.Flagged, captured: 3000, refunded: 0, now, flag: "Paid after the order was cancelled: refund it."));
            var awaitingCard = NewOrder("EUR", 7000, OrderStatus.AwaitingPayment, PaymentMethod.Card, now);
            awaitingCard.Payments.Add(NewPayment("EUR", 7000, PaymentStatus.Open, 0, 0, now)); // the shopper left Stripe's page
            db.Orders.AddRange(eur, jpy, jpyFlagged, awaitingCard);
            await db.SaveChangesAsync();
            db.Refunds.Add(new Refund
            {
                OrderId = eur.Id, PaymentId = eur.Payments[0].Id, AmountMinor = 1000, Currency = "EUR", Reason = "Scratched",
                IdempotencyKey = Refunds.NewKey(), Status = RefundStatus.Succeeded, CreatedAt = now,
            });
            return await db.SaveChangesAsync();
        });

        using var admin = await shop.SignedInAdminAsync();
        var dashboard = await admin.GetAsync("/admin");

        var euro = Cells(dashboard, "EUR");
        Assert.Equal(["€50.00", "€10.00", "€0.00"], euro);
        var yen = Cells(dashboard, "JPY");
        Assert.Equal([Prices.Format(12000, "JPY"), Prices.Format(0, "JPY"), Prices.Format(3000, "JPY") + " on 1 payment"], yen);
        var today = dashboard.Document.QuerySelectorAll("#sales dd")[0].TextContent;
        Assert.Equal($"€50.00 from 1 order; {Prices.Format(12000, "JPY")} from 1 order", today); // not the card order awaiting payment
        var text = dashboard.Document.Body!.TextContent;
        Assert.DoesNotContain(Prices.Format(17000, "EUR"), text); // 5,000 + 12,000 across currencies
        Assert.DoesNotContain(Prices.Format(17000, "JPY"), text);
        Assert.Equal(2, dashboard.Document.QuerySelectorAll("svg.chart").Length);
        Assert.Equal(["Day (UTC)", "Revenue (EUR)", "Revenue (JPY)"], dashboard.Document.QuerySelectorAll("#daily-revenue thead th").Select(th => th.TextContent));
        var lastDay = dashboard.Document.QuerySelectorAll("#daily-revenue tbody tr").Last().QuerySelectorAll("td").Select(td => td.TextContent).Skip(1);
        Assert.Equal(["€50.00", Prices.Format(12000, "JPY")], lastDay);
    }

    [Fact]
    public async Task The_order_list_filters_by_payment_state_in_the_store_and_keeps_the_filter_in_paging_links()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" });
        var now = shop.Clock.GetUtcNow();
        var expected = await shop.WithDbAsync(async db =>
        {
            var byState = new Dictionary<PaymentState, List<Order>>();
            void Add(PaymentState state, Order order)
            {
                db.Orders.Add(order);
                (byState.TryGetValue(state, out var list) ? list : byState[state] = []).Add(order);
            }

            var open = NewOrder("EUR", 4000, OrderStatus.AwaitingPayment, PaymentMethod.Card, now);
            open.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Open, 0, 0, now));
            Add(PaymentState.Unpaid, open);
            Add(PaymentState.Unpaid, NewOrder("EUR", 4000, OrderStatus.AwaitingPayment, PaymentMethod.PayOnDelivery, now));
            var refundedFlag = NewOrder("EUR", 4000, OrderStatus.Cancelled, PaymentMethod.Card, now);
            refundedFlag.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Flagged, 4000, 4000, now, flag: "Paid after the order was cancelled: refund it."));
            Add(PaymentState.NotPaid, refundedFlag); // the flagged money went back: nothing to look at any more
            Add(PaymentState.NotPaid, NewOrder("EUR", 4000, OrderStatus.Cancelled, PaymentMethod.PayOnDelivery, now));
            var declined = NewOrder("EUR", 4000, OrderStatus.AwaitingPayment, PaymentMethod.Card, now);
            declined.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Expired, 0, 0, now));
            declined.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Failed, 0, 0, now));
            Add(PaymentState.Failed, declined);
            var triedAgain = NewOrder("EUR", 4000, OrderStatus.AwaitingPayment, PaymentMethod.Card, now);
            triedAgain.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Failed, 0, 0, now));
            triedAgain.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Open, 0, 0, now));
            Add(PaymentState.Unpaid, triedAgain); // "Pay now" after a decline: a new page, awaiting payment again

            var paid = NewOrder("EUR", 4000, OrderStatus.Paid, PaymentMethod.Card, now);
            paid.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Expired, 0, 0, now));
            paid.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Paid, 4000, 0, now));
            Add(PaymentState.Paid, paid);
            Add(PaymentState.Paid, NewOrder("EUR", 4000, OrderStatus.Shipped, PaymentMethod.BankTransfer, now));

            var partly = NewOrder("EUR", 4000, OrderStatus.Shipped, PaymentMethod.Card, now);
            partly.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Paid, 4000, 1500, now));
            Add(PaymentState.PartlyRefunded, partly);

            var refunded = NewOrder("EUR", 4000, OrderStatus.Refunded, PaymentMethod.Card, now);
            refunded.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Paid, 4000, 4000, now));
            Add(PaymentState.Refunded, refunded);
            var cancelledRefunded = NewOrder("EUR", 4000, OrderStatus.Cancelled, PaymentMethod.Card, now);
            cancelledRefunded.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Paid, 4000, 4000, now));
            Add(PaymentState.Refunded, cancelledRefunded);
            Add(PaymentState.Refunded, NewOrder("EUR", 4000, OrderStatus.Refunded, PaymentMethod.PayOnDelivery, now));

            var paidTwice = NewOrder("EUR", 4000, OrderStatus.Paid, PaymentMethod.Card, now);
            paidTwice.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Paid, 4000, 0, now));
            paidTwice.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Flagged, 4000, 1000, now, flag: "Paid while the order was already paid by another payment: refund it."));
            Add(PaymentState.Flagged, paidTwice);
            var paidAfterCancel = NewOrder("EUR", 4000, OrderStatus.Cancelled, PaymentMethod.Card, now);
            paidAfterCancel.Payments.Add(NewPayment("EUR", 4000, PaymentStatus.Flagged, 4000, 0, now, flag: "Paid after the order was cancelled: refund it."));
            Add(PaymentState.Flagged, paidAfterCancel);
            await db.SaveChangesAsync();
            return byState.ToDictionary(s => s.Key, s => s.Value.Select(o => o.Number).Order().ToList());
        });

        // The query agrees with PaymentStates.Of, the rule the order pages show.
        var all = await shop.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Payments).ToListAsync());
        using var admin = await shop.SignedInAdminAsync();
        foreach (var state in Enum.GetValues<PaymentState>())
        {
            var page = await admin.GetAsync($"/admin/orders?payment={state}");
            var rows = page.Document.QuerySelectorAll("#orders tbody tr");
            Assert.Equal(expected[state], rows.Select(r => r.QuerySelectorAll("td")[0].TextContent).Order());
            Assert.All(rows, r => Assert.Equal(PaymentStates.Describe(state), r.QuerySelectorAll("td")[3].TextContent));
            Assert.Equal(expected[state], all.Where(o => PaymentStates.Of(o) == state).Select(o => o.Number).Order());
            Assert.Equal(state.ToString(), page.Document.QuerySelector("#payment option[selected]")?.GetAttribute("value"));
        }

        Assert.Equal(all.Count, (await admin.GetAsync("/admin/orders?payment=<script>")).Document.QuerySelectorAll("#orders tbody tr").Length);

        // Paging keeps the filter: 30 more unpaid orders make two pages of them (3 + 30).
        await shop.WithDbAsync(async db =>
        {
            db.Orders.AddRange(Enumerable.Range(0, 30).Select(_ => NewOrder("EUR", 1000, OrderStatus.AwaitingPayment, PaymentMethod.BankTransfer, now)));
            return await db.SaveChangesAsync();
        });
        var first = await admin.GetAsync("/admin/orders?payment=Unpaid");
        var links = first.Document.QuerySelectorAll(".pagination a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Contains("payment=Unpaid", l));
        var second = await admin.GetAsync(links[1]);
        Assert.Equal(33 - 25, second.Document.QuerySelectorAll("#orders tbody tr").Length);
        Assert.All(second.Document.QuerySelectorAll("#orders tbody tr"), r => Assert.Equal("Awaiting payment", r.QuerySelectorAll("td")[3].TextContent));
    }

    private static List<string> Cells(HtmlPage page, string currency) =>
        [.. page.Document.QuerySelectorAll($"#money tr[data-currency='{currency}'] td").Select(td => td.TextContent.Trim())];

    private static Order NewOrder(string currency, long total, OrderStatus status, PaymentMethod method, DateTimeOffset placedAt) => new()
    {
        Number = "SW-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)),
        AccessToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Status = status,
        Payment = method,
        Currency = currency,
        SubtotalMinor = total,
        TotalMinor = total,
        PlacedAt = placedAt,
        Email = AccountSteps.NewEmail("state"),
        FullName = "Ada State",
        ShipName = "Ada State",
        Line1 = "1 Ledger Lane",
        City = "London",
        PostalCode = "N1 9GU",
        Country = "GB",
    };

    private static Payment NewPayment(string currency, long amount, PaymentStatus status, long captured, long refunded, DateTimeOffset at, string? flag = null) => new()
    {
        Provider = "Test",
        SessionId = "tps_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
        AttemptKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Url = "http://localhost/payments/test/x",
        Status = status,
        AmountMinor = amount,
        Currency = currency,
        CapturedMinor = captured,
        RefundedMinor = refunded,
        Flag = flag,
        CreatedAt = at,
        ExpiresAt = at.AddMinutes(30),
        PaidAt = captured > 0 ? at : null,
    };
}
