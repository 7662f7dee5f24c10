namespace ShopWeb.Data;

/// <summary>That an account was deleted, and when, without anything that says whose it was.</summary>
public sealed class AccountDeletion
{
    public long Id { get; init; }

    public required DateTimeOffset DeletedAt { get; init; }

    /// <summary>The anonymous marker that replaced the shopper's personal fields on the orders kept for the books.</summary>
    public required string Marker { get; init; }

    public int OrdersAnonymised { get; init; }
}
