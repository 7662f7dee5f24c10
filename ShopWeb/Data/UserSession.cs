namespace ShopWeb.Data;

/// <summary>
/// One signed-in browser. The sign-in cookie carries only this record's id; deleting the record ends the
/// session on the server, so a copied cookie stops working the moment its owner signs out.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>The serialized authentication ticket: the claims the cookie would otherwise carry.</summary>
    public required byte[] Ticket { get; set; }

    public bool IsPersistent { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastSeenAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? UserAgent { get; init; }

    public string? IpAddress { get; init; }
}
