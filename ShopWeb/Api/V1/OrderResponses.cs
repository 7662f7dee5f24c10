using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>
/// An order as the API answers it, wherever it was read (checkout, the shopper's orders, a guest's order): with its
/// card payments and refunds, read in one query each for a whole page of orders.
/// </summary>
public sealed class OrderResponses(ShopDbContext db, IOptions<OrderOptions> orders, TimeProvider clock)
{
    public async Task<OrderResponse> OfAsync(Order order, CancellationToken cancellationToken) =>
        (await OfAsync([order], cancellationToken))[0];

    public async Task<IReadOnlyList<OrderResponse>> OfAsync(IReadOnlyList<Order> page, CancellationToken cancellationToken)
    {
        var ids = page.Select(o => o.Id).ToList();
        var payments = (await db.Payments.AsNoTracking().Where(p => ids.Contains(p.OrderId)).ToListAsync(cancellationToken)).ToLookup(p => p.OrderId);
        var refunds = (await db.Refunds.AsNoTracking().Where(r => ids.Contains(r.OrderId)).ToListAsync(cancellationToken)).ToLookup(r => r.OrderId);
        var now = clock.GetUtcNow();
        return page.Select(order =>
        {
            // Replaced, not added to: a caller may have included them already.
            order.Payments.Clear();
            order.Payments.AddRange(payments[order.Id]);
            order.Refunds.Clear();
            order.Refunds.AddRange(refunds[order.Id]);
            return OrderResponse.From(order, orders.Value, now);
        }).ToList();
    }
}
