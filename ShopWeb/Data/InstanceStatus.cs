namespace ShopWeb.Data;

/// <summary>
/// What one instance of the shop last said about itself (Admin/Instances/InstanceStatusPublisher, every few seconds):
/// the admin's system page reads every instance's row from the one store they share, whichever instance serves it.
/// A row not renewed for a minute belongs to an instance that stopped or cannot reach the store.
/// </summary>
public sealed class InstanceStatus
{
    /// <summary><c>Shop:InstanceName</c>, or the machine's name and process id when it is not set.</summary>
    public required string Instance { get; init; }

    public required string Version { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>A <c>SELECT 1</c>'s round trip; the row could not be written without the store.</summary>
    public double StoreLatencyMs { get; set; }

    /// <summary>False when the instance runs without Redis (<c>Redis:Configuration</c> unset).</summary>
    public bool RedisUsed { get; set; }

    /// <summary>A PING's round trip; null when Redis is used and did not answer.</summary>
    public double? RedisLatencyMs { get; set; }

    /// <summary>Emails queued and not yet sent.</summary>
    public int OutboxBacklog { get; set; }

    public DateTimeOffset? OldestQueuedEmailAt { get; set; }

    /// <summary>The number of the card order that has waited longest for its payment.</summary>
    public string? OldestCardOrder { get; set; }

    public DateTimeOffset? OldestCardOrderAt { get; set; }

    public DateTimeOffset? LastWebhookAt { get; set; }

    /// <summary>JSON: the requests and p99 of the last five minutes per page group (<see cref="Admin.Instances.PageGroupTraffic"/>).</summary>
    public string Traffic { get; set; } = "[]";
}
