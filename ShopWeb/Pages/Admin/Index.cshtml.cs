using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;

namespace ShopWeb.Pages.Admin;

/// <summary>The day at a glance: revenue and orders, statuses, new customers, low stock, 30 days of revenue.</summary>
public sealed class IndexModel(ShopDbContext db, TimeProvider clock) : PageModel
{
    public IReadOnlyList<(string Label, long Revenue, int Orders)> Periods { get; private set; } = [];

    public IReadOnlyList<(OrderStatus Status, int Count)> ByStatus { get; private set; } = [];

    public int NewCustomers { get; private set; }

    public IReadOnlyList<Product> LowStock { get; private set; } = [];

    /// <summary>Revenue per UTC day, oldest first, for the last 30 days including today.</summary>
    public IReadOnlyList<(DateOnly Day, long Revenue)> Daily { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var today = clock.GetUtcNow().UtcDateTime.Date;
        var since = new DateTimeOffset(today.AddDays(-29), TimeSpan.Zero);

        // Counted orders exclude cancelled and refunded ones: that money did not stay.
        var recent = await db.Orders.AsNoTracking()
            .Where(o => o.PlacedAt >= since && o.Status != OrderStatus.Cancelled && o.Status != OrderStatus.Refunded)
            .Select(o => new { o.PlacedAt, o.TotalMinor }).ToListAsync();
        Daily = Enumerable.Range(0, 30).Select(i => DateOnly.FromDateTime(today.AddDays(i - 29)))
            .Select(day => (day, recent.Where(o => DateOnly.FromDateTime(o.PlacedAt.UtcDateTime) == day).Sum(o => o.TotalMinor)))
            .ToList();
        Periods =
        [
            Period("Today", 1),
            Period("Last 7 days", 7),
            Period("Last 30 days", 30),
        ];
        ByStatus = (await db.Orders.AsNoTracking().GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
            .Select(g => (g.Key, g.Count)).OrderBy(g => g.Key).ToList();
        NewCustomers = await db.Users.CountAsync(u => u.CreatedAt >= since);
        LowStock = await db.Products.AsNoTracking().Where(p => p.IsPublished && p.Stock <= Catalog.StockState.LowStock)
            .OrderBy(p => p.Stock).ThenBy(p => p.Name).Take(20).ToListAsync();

        (string, long, int) Period(string label, int days)
        {
            var from = DateOnly.FromDateTime(today.AddDays(1 - days));
            var orders = recent.Where(o => DateOnly.FromDateTime(o.PlacedAt.UtcDateTime) >= from).ToList();
            return (label, orders.Sum(o => o.TotalMinor), orders.Count);
        }
    }
}
