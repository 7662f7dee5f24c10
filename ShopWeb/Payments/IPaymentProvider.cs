namespace ShopWeb.Payments;

/// <summary>
/// A card provider with a hosted checkout page (Stripe Checkout, or the built-in Test provider). Card data never reaches
/// the shop: it creates a session, sends the shopper there, and learns the outcome from signed events
/// (<see cref="ReadSignal"/>) or by asking (<see cref="GetSessionAsync"/>). Every outcome goes through
/// <c>PaymentSignals</c>, the one way to "paid".
/// </summary>
public interface IPaymentProvider
{
    /// <summary>"Test" or "Stripe": kept on each <see cref="Data.Payment"/> and in each <see cref="Data.PaymentEvent"/>.</summary>
    string Name { get; }

    /// <summary>
    /// The origin of the hosted page (https://checkout.stripe.com), or null when it is on the shop's own (the Test
    /// provider): a browser checks a form's redirect against the page's CSP form-action, so the pages whose forms send
    /// the shopper there allow it (<see cref="SendsToHostedPageAttribute"/>).
    /// </summary>
    string? HostedPageOrigin => null;

    Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken);

    /// <summary>The session as the provider sees it now: for the return page and the reconciler, which never trust a query string.</summary>
    Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Ends an open session so it can no longer be paid (the shopper cancelled, or pays again with a new one). An ended one stays as it is.</summary>
    Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Sends money back; the same idempotency key makes the same single refund however often it is sent.</summary>
    Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Checks an event's signature (5 minutes' tolerance, by the shop's clock) and reads it. A bad or stale signature
    /// or an unreadable body throws <see cref="PaymentSignatureException"/>; an event of a type the shop does not
    /// handle comes back as <see cref="PaymentSignalKind.Ignored"/>.
    /// </summary>
    PaymentSignal ReadSignal(string body, string? signatureHeader);
}

/// <param name="OrderNumber">Shown on the hosted page and kept as the session's reference to the order.</param>
/// <param name="Lines">The order's own lines, shipping and tax, in minor units; they add up to the order's total.</param>
/// <param name="IdempotencyKey">Unique per attempt, so a retried create makes one session.</param>
public sealed record SessionRequest(
    string OrderNumber,
    string Currency,
    IReadOnlyList<SessionLine> Lines,
    string? CustomerEmail,
    string SuccessUrl,
    string CancelUrl,
    DateTimeOffset ExpiresAt,
    string IdempotencyKey)
{
    /// <summary>The most lines a hosted page takes (Stripe Checkout's limit in payment mode).</summary>
    public const int MaxLines = 100;

    public long TotalMinor => Lines.Sum(l => l.UnitAmountMinor * l.Quantity);
}

public sealed record SessionLine(string Name, long UnitAmountMinor, int Quantity);

public sealed record HostedSession(string SessionId, string Url, DateTimeOffset ExpiresAt);

public enum SessionState
{
    /// <summary>Not paid yet, and it may still be.</summary>
    Open,

    /// <summary>Paid: <see cref="SessionStatus.AmountMinor"/> of <see cref="SessionStatus.Currency"/> taken.</summary>
    Paid,

    /// <summary>Completed but the payment failed (a declined card at the Test provider, a failed delayed payment at Stripe).</summary>
    Failed,

    /// <summary>Ended unpaid.</summary>
    Expired,
}

public sealed record SessionStatus(string SessionId, SessionState State, long AmountMinor, string Currency, string? ProviderPaymentId);

public sealed record ProviderRefundRequest(string SessionId, string? ProviderPaymentId, long AmountMinor, string Currency, string IdempotencyKey);

public sealed record ProviderRefund(string RefundId, bool Succeeded);

public enum PaymentSignalKind
{
    /// <summary>The session is paid (checkout completed and paid, or an async payment succeeded).</summary>
    Paid,

    /// <summary>The payment failed (declined, or an async payment failed); the order may be paid again.</summary>
    Failed,

    /// <summary>The session ended unpaid.</summary>
    Expired,

    /// <summary>Money went back (charge refunded): for the record; the shop's own refunds are applied when asked.</summary>
    Refunded,

    /// <summary>A type the shop does not handle, or a completion that is not paid yet (an async payment under way): 200, no effect.</summary>
    Ignored,
}

/// <param name="EventId">The provider's event id (evt_…), kept once: a duplicate has no effect.</param>
/// <param name="Type">The provider's event type, as sent (checkout.session.completed, …).</param>
public sealed record PaymentSignal(
    string EventId,
    string Type,
    PaymentSignalKind Kind,
    string? SessionId,
    long AmountMinor,
    string? Currency,
    string? ProviderPaymentId)
{
    /// <summary>
    /// Why a signed event cannot be kept, or null: the store's columns hold what any provider sends (Stripe's ids are
    /// under 255 characters), so a longer one, a negative amount or a currency that is no code is no provider's and is
    /// refused (a 400) before it reaches the store.
    /// </summary>
    public string? Problem() =>
        string.IsNullOrEmpty(EventId) || EventId.Length > 255 ? "Its id is missing or longer than 255 characters."
        : string.IsNullOrEmpty(Type) || Type.Length > 100 ? "Its type is missing or longer than 100 characters."
        : SessionId?.Length > 255 || ProviderPaymentId?.Length > 255 ? "Its session or payment id is longer than 255 characters."
        // What a payment would be compared with and shown as: no provider sends a negative amount or another kind of currency.
        : AmountMinor < 0 ? "Its amount is negative."
        : Currency is { Length: > 0 } && !(Currency.Length == 3 && Currency.All(char.IsAsciiLetter)) ? "Its currency is not a three-letter ISO 4217 code."
        : null;
}

/// <summary>What an event type does: Stripe's types, which the Test provider's events share, mapped in one place.</summary>
public static class PaymentSignalKinds
{
    /// <param name="paymentStatus">The session's <c>payment_status</c>: a completion is paid only when it says so.</param>
    public static PaymentSignalKind Of(string type, string? paymentStatus) => type switch
    {
        "checkout.session.completed" when paymentStatus is "paid" or "no_payment_required" => PaymentSignalKind.Paid,
        "checkout.session.async_payment_succeeded" => PaymentSignalKind.Paid,
        "checkout.session.async_payment_failed" => PaymentSignalKind.Failed,
        "checkout.session.expired" => PaymentSignalKind.Expired,
        "charge.refunded" => PaymentSignalKind.Refunded,
        _ => PaymentSignalKind.Ignored, // another type, or a delayed payment under way (its succeeded or failed follows)
    };
}

public sealed class PaymentSignatureException(string message) : Exception(message);
