namespace ShopWeb.Data;

/// <summary>
/// One hosted checkout session of a card order, from the moment the shopper is sent to pay. An order has one for
/// each time the shopper tried (a declined or abandoned one, then "Pay now" again). The order becomes paid from one of
/// them only, by a conditional update (Payments/PaymentSignals); money a provider took that the order could not take
/// (a mismatched amount, an order cancelled or already paid) is kept here as flagged, for the admin to refund.
/// </summary>
public sealed class Payment
{
    public int Id { get; init; }

    public int OrderId { get; init; }

    /// <summary>"Test" or "Stripe": the provider that holds the session.</summary>
    public required string Provider { get; init; }

    /// <summary>The provider's id of the hosted session (cs_… at Stripe), unique per provider.</summary>
    public required string SessionId { get; init; }

    /// <summary>
    /// Random, unique: the provider's idempotency key for creating the session, and what the return address names
    /// (<c>/checkout/return?attempt=</c>), so that address carries neither the order's access token nor anything to trust.
    /// </summary>
    public required string AttemptKey { get; init; }

    /// <summary>The hosted page the shopper is sent to.</summary>
    public required string Url { get; init; }

    /// <summary>The provider's id of the money movement (pi_… at Stripe), known once paid; refunds name it.</summary>
    public string? ProviderPaymentId { get; set; }

    public PaymentStatus Status { get; set; }

    /// <summary>What the session asks for: the order's total, in minor units of the currency's exponent.</summary>
    public long AmountMinor { get; init; }

    public required string Currency { get; init; }

    /// <summary>What the provider took; 0 until paid.</summary>
    public long CapturedMinor { get; set; }

    /// <summary>What went back; never more than <see cref="CapturedMinor"/> (a conditional update on this row).</summary>
    public long RefundedMinor { get; set; }

    /// <summary>Why an admin must look at it (amount mismatch, paid after the order was cancelled, paid twice); null when not flagged.</summary>
    public string? Flag { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the session ends (<c>Payments:HoldMinutes</c> after it began): the order's stock is held until then.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>When the reconciler last asked the provider about it: an instance claims a check by moving this on (a conditional update), so one works on it at a time.</summary>
    public DateTimeOffset? CheckedAt { get; set; }
}

public enum PaymentStatus
{
    /// <summary>The hosted page may still be paid.</summary>
    Open,

    /// <summary>Paid, and the order with it.</summary>
    Paid,

    /// <summary>The card was declined or the asynchronous payment failed; the order may be paid again.</summary>
    Failed,

    /// <summary>The session ended unpaid (timed out, cancelled by the shopper, or replaced by a new one).</summary>
    Expired,

    /// <summary>The provider took money the order could not take: see <see cref="Payment.Flag"/>.</summary>
    Flagged,
}

/// <summary>
/// Money sent back from a payment, full or partial. The row is written first, with its own idempotency key, and the
/// provider is asked with that key: a double-click or a retry finds the row and makes one refund.
/// </summary>
public sealed class Refund
{
    public int Id { get; init; }

    public int OrderId { get; init; }

    public int PaymentId { get; init; }

    public long AmountMinor { get; init; }

    public required string Currency { get; init; }

    public required string Reason { get; init; }

    /// <summary>Unique: sent to the provider as the <c>Idempotency-Key</c> of the refund.</summary>
    public required string IdempotencyKey { get; init; }

    public RefundStatus Status { get; set; }

    /// <summary>The provider's id of the refund (re_… at Stripe), once it answered.</summary>
    public string? ProviderRefundId { get; set; }

    /// <summary>The admin who asked for it; null when the shop refunded on its own (a paid card order cancelled).</summary>
    public string? RequestedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

public enum RefundStatus
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>
/// An event a payment provider sent (webhook) or the Test provider signed, kept once by its id (a unique key) in the
/// same transaction as its effect: a duplicate finds the key taken and changes nothing.
/// </summary>
public sealed class PaymentEvent
{
    public int Id { get; init; }

    public required string Provider { get; init; }

    public required string EventId { get; init; }

    public required string Type { get; init; }

    public string? SessionId { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}
