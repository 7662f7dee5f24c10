namespace ShopWeb.Data;

/// <summary>
/// One write an admin made: who, when, from where, what on which record, the values before and after, and why.
/// Append-only: the database refuses to change or remove an entry.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string ActorId { get; init; }

    public required string ActorEmail { get; init; }

    public string? IpAddress { get; init; }

    /// <summary>What was done, such as "product.create" or "order.status".</summary>
    public required string Action { get; init; }

    public required string EntityType { get; init; }

    public required string EntityId { get; init; }

    /// <summary>The record's values before the write, as JSON; null when it was created.</summary>
    public string? Before { get; init; }

    /// <summary>The record's values after the write, as JSON; null when it was deleted.</summary>
    public string? After { get; init; }

    public string? Reason { get; init; }
}
