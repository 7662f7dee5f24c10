namespace ShopWeb.Data;

/// <summary>
/// The Test provider's own record of a hosted session (Payments/Test): what a real provider keeps on its side. The
/// shop's view of the same session is its <see cref="Payment"/>; the two are only ever joined by the session id.
/// </summary>
public sealed class TestPaymentSession
{
    /// <summary>tps_ and 24 hex characters.</summary>
    public required string Id { get; init; }

    public required string OrderNumber { get; init; }

    public long AmountMinor { get; init; }

    public required string Currency { get; init; }

    /// <summary>What the hosted page lists, one line per item, shipping and tax.</summary>
    public required string Description { get; init; }

    public required string SuccessUrl { get; init; }

    public required string CancelUrl { get; init; }

    public TestPaymentState State { get; set; }

    /// <summary>tpi_…: the "money movement" once paid.</summary>
    public string? PaymentId { get; set; }

    public long RefundedMinor { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}

public enum TestPaymentState
{
    Open,
    Paid,
    Declined,
    Expired,
}

/// <summary>A refund the Test provider made, kept once per idempotency key as a real provider does.</summary>
public sealed class TestPaymentRefund
{
    /// <summary>tre_ and 24 hex characters.</summary>
    public required string Id { get; init; }

    public required string SessionId { get; init; }

    public required string IdempotencyKey { get; init; }

    public long AmountMinor { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
