namespace ShopWeb.Data;

/// <summary>
/// An API request made with an <c>Idempotency-Key</c>: which caller used the key, a fingerprint of what it asked,
/// and, once answered, the answer, replayed to a retry of the same request. Kept in the store, so every instance
/// knows every key.
/// </summary>
public sealed class IdempotencyRecord
{
    public long Id { get; init; }

    /// <summary>Who used the key: a guest cart (a hash of its id and secret), later an account.</summary>
    public required string Caller { get; init; }

    public required string Key { get; init; }

    /// <summary>A SHA-256 of the request as read (not of its bytes): the same request with other spacing is the same.</summary>
    public required string Fingerprint { get; init; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Bumped when a request takes over a key whose first request never finished (its instance died).</summary>
    public int Attempt { get; set; }

    /// <summary>Null while the first request is still being answered.</summary>
    public int? StatusCode { get; set; }

    public string? ResponseBody { get; set; }

    public string? Location { get; set; }
}
