using ShopWeb.Data;
using ShopWeb.Payments;

namespace ShopWeb.Api.V1.Contracts;

/// <param name="Method">The way to pay chosen at the checkout.</param>
/// <param name="Status">Where the order's money stands (<see cref="PaymentStates.Of"/>, as the order page and the admin show it).</param>
/// <param name="Url">
/// While a card order awaits its payment and a payment is open: the provider's hosted page, to open in a browser (never
/// inside the app: card data goes to the provider only). Otherwise null; start a new payment with
/// <c>POST …/orders/{number}/payment</c>.
/// </param>
/// <param name="ExpiresAt">When <see cref="Url"/> stops taking payment (UTC); the order is then cancelled unpaid unless paid by then. Null with no url.</param>
/// <param name="Attempts">Each card payment started for the order, oldest first: one per hosted session.</param>
/// <param name="Refunds">Money sent back, oldest first.</param>
public sealed record OrderPaymentResponse(
    PaymentMethod Method,
    PaymentState Status,
    string? Url,
    DateTime? ExpiresAt,
    IReadOnlyList<CardPaymentResponse> Attempts,
    IReadOnlyList<RefundResponse> Refunds)
{
    public static OrderPaymentResponse From(Order order, DateTimeOffset now)
    {
        var open = order is { Payment: PaymentMethod.Card, Status: OrderStatus.AwaitingPayment }
            ? order.Payments.Where(p => p.Status == PaymentStatus.Open && p.ExpiresAt > now).MaxBy(p => p.Id)
            : null;
        return new(
            order.Payment,
            PaymentStates.Of(order),
            open?.Url,
            open?.ExpiresAt.UtcDateTime,
            order.Payments.OrderBy(p => p.Id).Select(p => new CardPaymentResponse(
                p.Status, Money.Of(p.AmountMinor, p.Currency), p.CreatedAt.UtcDateTime, p.ExpiresAt.UtcDateTime, p.PaidAt?.UtcDateTime)).ToList(),
            order.Refunds.OrderBy(r => r.Id).Select(r => new RefundResponse(
                Money.Of(r.AmountMinor, r.Currency), r.Reason, r.Status, r.CreatedAt.UtcDateTime)).ToList());
    }
}

/// <param name="Status">open (its page may still be paid), paid, failed (declined: start a new payment), expired, or flagged (money taken the order could not take: the shop refunds it).</param>
/// <param name="Amount">What the payment asks for: the order's total.</param>
/// <param name="PaidAt">When the provider took the money; null until then.</param>
public sealed record CardPaymentResponse(PaymentStatus Status, Money Amount, DateTime CreatedAt, DateTime ExpiresAt, DateTime? PaidAt);

/// <param name="Status">pending (asked of the provider), succeeded or failed.</param>
public sealed record RefundResponse(Money Amount, string Reason, RefundStatus Status, DateTime CreatedAt);
