namespace ShopWeb.Data;

/// <summary>
/// One decision about a "save my details" choice, exactly as it was offered. Append-only: no page changes or
/// removes a record, and the database refuses updates (see the migration's triggers).
/// </summary>
public sealed class ConsentRecord
{
    public long Id { get; init; }

    public required string UserId { get; init; }

    public required DetailsChoice Choice { get; init; }

    public required bool Granted { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The page the decision was made on, such as /account/profile, or "app" for the API (<see cref="Api.ApiPaths.ConsentPlace"/>).</summary>
    public required string Page { get; init; }

    /// <summary>The words the shopper saw beside the checkbox.</summary>
    public required string Wording { get; init; }

    public required string WordingVersion { get; init; }
}

public enum DetailsChoice
{
    ContactDetails,
    ShippingAddresses,
}
