using ShopWeb.Data;

namespace ShopWeb.Payments;

/// <summary>Where an order's money stands, for the shopper's order page, the admin's list and the API alike.</summary>
public enum PaymentState
{
    /// <summary>Nothing taken yet: paid on delivery, by a bank transfer still to come, or a card payment not made yet.</summary>
    Unpaid,

    Paid,

    PartlyRefunded,

    Refunded,

    /// <summary>A provider took money the order could not take (see the payment's flag): for the admin to refund.</summary>
    Flagged,
}

public static class PaymentStates
{
    /// <summary>An order's state from its status and, for a card order, its payments and refunds (loaded with it).</summary>
    public static PaymentState Of(Order order)
    {
        var captured = order.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.CapturedMinor);
        var refunded = order.Payments.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.RefundedMinor);
        return order switch
        {
            _ when order.Payments.Any(p => p.Status == PaymentStatus.Flagged && p.CapturedMinor > p.RefundedMinor) => PaymentState.Flagged,
            _ when captured > 0 && refunded >= captured => PaymentState.Refunded,
            _ when refunded > 0 => PaymentState.PartlyRefunded,
            _ when captured > 0 => PaymentState.Paid,
            { Status: OrderStatus.Refunded } => PaymentState.Refunded,
            { Status: OrderStatus.Paid or OrderStatus.Shipped or OrderStatus.Delivered } => PaymentState.Paid,
            _ => PaymentState.Unpaid,
        };
    }

    public static string Describe(PaymentState state) => state switch
    {
        PaymentState.Paid => "Paid",
        PaymentState.PartlyRefunded => "Partly refunded",
        PaymentState.Refunded => "Refunded",
        PaymentState.Flagged => "Needs attention",
        _ => "Unpaid",
    };
}
