using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Payments;

namespace ShopWeb.Pages.Admin;

/// <summary>
/// The day at a glance: revenue and orders, money taken, refunded and flagged, statuses, new customers, low stock,
/// 30 days of revenue. Money is always per currency: amounts in two currencies are never added together.
/// </summary>
public sealed class IndexModel(ShopDbContext db, TimeProvider clock, Prices prices) : PageModel
{
    /// <summary>Revenue and orders per period, one entry per currency (the shop's own first, shown even when nothing was sold).</summary>
    public IReadOnlyList<(string Label, IReadOnlyList<(string Currency, long Revenue, int Orders)> Sales)> Periods { get; private set; } = [];

    public IReadOnlyList<(OrderStatus Status, int Count)> ByStatus { get; private set; } = [];

    public int NewCustomers { get; private set; }

    public IReadOnlyList<ProductVariant> LowStock { get; private set; } = [];

    /// <summary>The currencies of the last 30 days' orders, the shop's own first.</summary>
    public IReadOnlyList<string> Currencies { get; private set; } = [];

    /// <summary>Revenue per UTC day, oldest first, for the last 30 days including today, per currency.</summary>
    public IReadOnlyList<(DateOnly Day, IReadOnlyDictionary<string, long> Revenue)> Daily { get; private set; } = [];

    /// <summary>Per currency: taken (card payments, and other orders once marked paid), refunded, and flagged money still to refund.</summary>
    public IReadOnlyList<MoneyRow> Money { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var since = new DateTimeOffset(today.AddDays(-29), TimeSpan.Zero);

        // Counted orders exclude cancelled and refunded ones (that money did not stay) and card orders still awaiting
        // their payment: a shopper who left the provider's page has placed nothing yet, and the order lapses unpaid.
        // An order paid on delivery or by transfer is a sale once placed: the shop owes the goods.
        var recent = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= since && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded
                && !(o.Status == OrderStatus.AwaitingPayment && o.Payment == PaymentMethod.Card))
            .Select(o => new { o.PlacedAt, o.TotalMinor, o.Currency }).ToListAsync();
        await LoadMoneyAsync(since);
        Currencies = [.. new[] { prices.Currency }.Concat(recent.Select(o => o.Currency)).Concat(Money.Select(m => m.Currency))
            .Distinct(StringComparer.Ordinal).OrderBy(c => c == prices.Currency ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)];
        Daily = Enumerable.Range(0, 30).Select(i => DateOnly.FromDateTime(today.AddDays(i - 29)))
            .Select(day => (day, (IReadOnlyDictionary<string, long>)Currencies.ToDictionary(c => c,
                c => recent.Where(o => o.Currency == c && DateOnly.FromDateTime(o.PlacedAt.UtcDateTime) == day).Sum(o => o.TotalMinor))))
            .ToList();
        Periods =
        [
            Period("Today", 1),
            Period("Last 7 days", 7),
            Period("Last 30 days", 30),
        ];
        ByStatus = (await db.Orders.AsNoTracking().GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .Select(g => (g.Key, g.Count)).OrderBy(g => g.Key).ToList();
        NewCustomers = await ShopWeb.Admin.Customers.In(db).CountAsync(u => u.CreatedAt >= since);
        LowStock = await db.ProductVariants.AsNoTracking().Include(v => v.Product)
            .Where(v => v.Product!.IsPublished && v.IsOnSale && v.Stock <= Catalog.StockState.LowStock)
            .OrderBy(v => v.Stock).ThenBy(v => v.Product!.Name).ThenBy(v => v.Position).Take(20).ToListAsync();

        (string, IReadOnlyList<(string, long, int)>) Period(string label, int days)
        {
            var from = DateOnly.FromDateTime(today.AddDays(1 - days));
            var orders = recent.Where(o => DateOnly.FromDateTime(o.PlacedAt.UtcDateTime) >= from).ToList();
            var sales = orders.GroupBy(o => o.Currency).Select(g => (g.Key, g.Sum(o => o.TotalMinor), g.Count())).ToList();
            if (!sales.Any(s => s.Key == prices.Currency))
            {
                sales.Add((prices.Currency, 0, 0));
            }

            return (label, [.. sales.OrderBy(s => s.Item1 == prices.Currency ? 0 : 1).ThenBy(s => s.Item1, StringComparer.Ordinal)]);
        }
    }

    /// <summary>Summed by the store, grouped by currency: card money by when it moved, other orders by when they were placed.</summary>
    private async Task LoadMoneyAsync(DateTimeOffset since)
    {
        var cardPaid = await db.Payments.Where(p => p.Status == PaymentStatus.Paid && p.PaidAt >= since)
            .GroupBy(p => p.Currency).Select(g => new { g.Key, Sum = g.Sum(p => p.CapturedMinor) }).ToListAsync();
        // Paid as the order pages say it (PaymentStates: paid on delivery once delivered), then refunded or not.
        var other = db.Orders.Where(o => o.Payment != PaymentMethod.Card && o.PlacedAt >= since);
        var otherPaid = await other.InState(PaymentState.Paid).Concat(other.InState(PaymentState.Refunded))
            .GroupBy(o => o.Currency).Select(g => new { g.Key, Sum = g.Sum(o => o.TotalMinor) }).ToListAsync();
        var cardRefunded = await db.Refunds.Where(r => r.Status == RefundStatus.Succeeded && r.CreatedAt >= since)
            .GroupBy(r => r.Currency).Select(g => new { g.Key, Sum = g.Sum(r => r.AmountMinor) }).ToListAsync();
        var otherRefunded = await db.Orders.Where(o => o.Payment != PaymentMethod.Card && o.PlacedAt >= since && o.Status == OrderStatus.Refunded)
            .GroupBy(o => o.Currency).Select(g => new { g.Key, Sum = g.Sum(o => o.TotalMinor) }).ToListAsync();

        // Flagged money is a to-do, whenever it came: what is still to go back.
        var flagged = await db.Payments.Where(p => p.Status == PaymentStatus.Flagged && p.CapturedMinor > p.RefundedMinor)
            .GroupBy(p => p.Currency).Select(g => new { g.Key, Sum = g.Sum(p => p.CapturedMinor - p.RefundedMinor), Count = g.Count() }).ToListAsync();

        Money = [.. cardPaid.Select(s => s.Key).Concat(otherPaid.Select(s => s.Key)).Concat(cardRefunded.Select(s => s.Key))
            .Concat(otherRefunded.Select(s => s.Key)).Concat(flagged.Select(s => s.Key)).Distinct(StringComparer.Ordinal)
            .OrderBy(c => c == prices.Currency ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal)
            .Select(c => new MoneyRow(c,
                cardPaid.Where(s => s.Key == c).Sum(s => s.Sum) + otherPaid.Where(s => s.Key == c).Sum(s => s.Sum),
                cardRefunded.Where(s => s.Key == c).Sum(s => s.Sum) + otherRefunded.Where(s => s.Key == c).Sum(s => s.Sum),
                flagged.Where(s => s.Key == c).Sum(s => s.Sum),
                flagged.Where(s => s.Key == c).Sum(s => s.Count)))];
    }

    public sealed record MoneyRow(string Currency, long PaidMinor, long RefundedMinor, long FlaggedMinor, int FlaggedPayments);
}
