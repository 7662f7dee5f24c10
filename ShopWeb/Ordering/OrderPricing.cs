using ShopWeb.Data;

namespace ShopWeb.Ordering;

/// <summary>
/// Tax, computed on the server from the goods for the summary and for the order alike, and the words for an order's
/// methods and status. Shipping fees are <see cref="ShippingFees"/>.
/// </summary>
public static class OrderPricing
{
    public static long TaxMinor(long subtotalMinor, decimal ratePercent) =>
        (long)Math.Round(subtotalMinor * ratePercent / 100m, MidpointRounding.AwayFromZero);

    public static string Describe(ShippingMethod method) => method switch
    {
        ShippingMethod.Express => "Express (1–2 working days)",
        _ => "Standard (3–5 working days)",
    };

    public static string Describe(PaymentMethod method) => method switch
    {
        PaymentMethod.BankTransfer => "Bank transfer",
        PaymentMethod.Card => "Card",
        _ => "Pay on delivery",
    };

    public static string Describe(OrderStatus status) => status switch
    {
        OrderStatus.AwaitingPayment => "Awaiting payment",
        OrderStatus.Paid => "Paid",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.Delivered => "Delivered",
        OrderStatus.Refunded => "Refunded",
        _ => "Cancelled",
    };

    /// <summary>
    /// The status as the shopper reads it: an order paid on delivery owes nothing before the parcel comes, so it is not
    /// "awaiting payment" to them (the admin's pages keep the status's own name).
    /// </summary>
    public static string DescribeForShopper(Order order) =>
        order is { Payment: PaymentMethod.PayOnDelivery, Status: OrderStatus.AwaitingPayment } ? "Placed: you pay on delivery" : Describe(order.Status);
}
