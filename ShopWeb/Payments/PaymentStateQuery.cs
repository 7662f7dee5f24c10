using System.Linq.Expressions;
using ShopWeb.Data;

namespace ShopWeb.Payments;

/// <summary>
/// <see cref="PaymentStates.Of"/> as a query the store runs (the admin's order list filters by it, with paging), so
/// nothing is loaded to be sorted in memory. Each case mirrors one arm of <see cref="PaymentStates.Of"/>, in order.
/// </summary>
public static class PaymentStateQuery
{
    public static IQueryable<Order> InState(this IQueryable<Order> orders, PaymentState state)
    {
        var sums = orders.Select(o => new Sums
        {
            Order = o,
            Flagged = o.Payments.Any(p => p.Status == PaymentStatus.Flagged && p.CapturedMinor > p.RefundedMinor),
            Captured = o.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.CapturedMinor),
            Refunded = o.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.RefundedMinor),
        });
        return sums.Where(Matches(state)).Select(s => s.Order);
    }

    private static Expression<Func<Sums, bool>> Matches(PaymentState state) => state switch
    {
        PaymentState.Flagged => s => s.Flagged,
        PaymentState.Refunded => s => !s.Flagged
            && ((s.Captured > 0 && s.Refunded >= s.Captured) || (s.Refunded == 0 && s.Captured == 0 && s.Order.Status == OrderStatus.Refunded)),
        PaymentState.PartlyRefunded => s => !s.Flagged && !(s.Captured > 0 && s.Refunded >= s.Captured) && s.Refunded > 0,
        PaymentState.Paid => s => !s.Flagged && s.Refunded == 0
            && (s.Captured > 0 || (s.Order.Status == OrderStatus.Paid || s.Order.Status == OrderStatus.Shipped || s.Order.Status == OrderStatus.Delivered)),
        _ => s => !s.Flagged && s.Refunded == 0 && s.Captured == 0
            && s.Order.Status != OrderStatus.Refunded && s.Order.Status != OrderStatus.Paid && s.Order.Status != OrderStatus.Shipped && s.Order.Status != OrderStatus.Delivered,
    };

    private sealed class Sums
    {
        public required Order Order { get; init; }

        public bool Flagged { get; init; }

        public long Captured { get; init; }

        public long Refunded { get; init; }
    }
}
