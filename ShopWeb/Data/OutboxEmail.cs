namespace ShopWeb.Data;

/// <summary>
/// One email waiting to go out, going out, sent or given up on. Written in the same transaction as the change that
/// causes it, and delivered by <see cref="Email.EmailDelivery"/>, so no page waits on the mail server and no
/// message is lost when it is down.
/// </summary>
public sealed class OutboxEmail
{
    public long Id { get; init; }

    public required string To { get; init; }

    public required string Subject { get; init; }

    /// <summary>The order the email is about (its confirmation, shipping, refund), or null for an account's email.</summary>
    public string? OrderNumber { get; init; }

    /// <summary>
    /// The account the email is about (a confirmation, a notice to its old address), or null: it goes with the account,
    /// whatever address it went to.
    /// </summary>
    public string? AccountId { get; init; }

    /// <summary>The plain-text body; emptied some days after delivery, since it may hold a token.</summary>
    public string? Text { get; set; }

    /// <summary>The HTML body; emptied with <see cref="Text"/>.</summary>
    public string? Html { get; set; }

    public OutboxStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the next attempt is due.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Past this time a failure marks the message failed instead of scheduling another attempt.</summary>
    public DateTimeOffset GiveUpAt { get; set; }

    /// <summary>While set and in the future, one sender holds the message; no other may send it.</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    public Guid? ClaimToken { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

public enum OutboxStatus
{
    Queued = 0,
    Sent = 1,
    Failed = 2,
}
