using System.Linq.Expressions;
using ShopWeb.Data;

namespace ShopWeb.Payments;

/// <summary>Where an order's money stands, for the shopper's order page, the admin's list and the API alike.</summary>
public enum PaymentState
{
    /// <summary>Nothing taken yet, and money still to come: paid on delivery, by a bank transfer, or a card payment not made yet.</summary>
    Unpaid,

    Paid,

    PartlyRefunded,

    Refunded,

    /// <summary>A provider took money the order could not take (see the payment's flag): for the admin to refund.</summary>
    Flagged,

    /// <summary>The order's last card payment was declined or failed, and the order still awaits one ("Pay now" again).</summary>
    Failed,

    /// <summary>Cancelled with no money taken: nothing is owed any more.</summary>
    NotPaid,
}

/// <summary>
/// The rule of an order's <see cref="PaymentState"/>, written once, as expressions: compiled for an order loaded with
/// its payments (<see cref="Of"/>), and run by the store for the admin's order list, which filters by it with paging
/// (<see cref="InState"/>), so nothing is loaded to be sorted in memory.
/// </summary>
public static class PaymentStates
{
    /// <summary>What the rule reads of an order: its status and its payments' money.</summary>
    private static readonly Expression<Func<Order, Figures>> FiguresOf = o => new Figures
    {
        Order = o,
        Status = o.Status,
        OnDelivery = o.Payment == PaymentMethod.PayOnDelivery,
        MarkedPaid = o.PaidAt != null,
        Flagged = o.Payments.Any(p => p.Status == PaymentStatus.Flagged && p.CapturedMinor > p.RefundedMinor),
        Captured = o.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.CapturedMinor),
        Refunded = o.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.RefundedMinor),
        LastFailed = o.Payments.OrderByDescending(p => p.Id).Select(p => p.Status).FirstOrDefault() == PaymentStatus.Failed,
    };

    private static readonly Expression<Func<Figures, PaymentState>> Rule = f =>
        f.Flagged ? PaymentState.Flagged
        : f.Captured > 0 && f.Refunded >= f.Captured ? PaymentState.Refunded
        : f.Refunded > 0 ? PaymentState.PartlyRefunded
        : f.Captured > 0 ? PaymentState.Paid
        : f.Status == OrderStatus.Refunded ? PaymentState.Refunded
        // Paid on delivery ships unpaid, its money coming at the door with the delivery, unless it was marked paid before.
        : f.Status == OrderStatus.Paid || (f.Status == OrderStatus.Shipped && (!f.OnDelivery || f.MarkedPaid)) || f.Status == OrderStatus.Delivered ? PaymentState.Paid
        : f.Status == OrderStatus.Cancelled ? PaymentState.NotPaid
        : f.LastFailed ? PaymentState.Failed
        : PaymentState.Unpaid;

    private static readonly Func<Order, Figures> FiguresOfLoaded = FiguresOf.Compile();
    private static readonly Func<Figures, PaymentState> RuleOfLoaded = Rule.Compile();

    /// <summary>An order's state from its status and, for a card order, its payments and refunds (loaded with it).</summary>
    public static PaymentState Of(Order order) => RuleOfLoaded(FiguresOfLoaded(order));

    /// <summary>The orders in <paramref name="state"/>, as a query the store runs.</summary>
    public static IQueryable<Order> InState(this IQueryable<Order> orders, PaymentState state)
    {
        // rule(figures) == state, compared as numbers (an expression tree has no == of two enum values).
        var inState = Expression.Lambda<Func<Figures, bool>>(
            Expression.Equal(Expression.Convert(Rule.Body, typeof(int)), Expression.Constant((int)state)), Rule.Parameters);
        return orders.Select(FiguresOf).Where(inState).Select(f => f.Order);
    }

    /// <summary>The words shoppers and admins see (PRODUCT.md: "Awaiting payment", "Paid", "Payment failed", …).</summary>
    public static string Describe(PaymentState state) => state switch
    {
        PaymentState.Paid => "Paid",
        PaymentState.PartlyRefunded => "Partly refunded",
        PaymentState.Refunded => "Refunded",
        PaymentState.Flagged => "Needs attention",
        PaymentState.Failed => "Payment failed",
        PaymentState.NotPaid => "Not paid",
        _ => "Awaiting payment",
    };

    private sealed class Figures
    {
        public required Order Order { get; init; }

        public OrderStatus Status { get; init; }

        public bool OnDelivery { get; init; }

        public bool MarkedPaid { get; init; }

        public bool Flagged { get; init; }

        public long Captured { get; init; }

        public long Refunded { get; init; }

        public bool LastFailed { get; init; }
    }
}
