namespace ShopWeb.Data;

/// <summary>A shopping cart kept in the store: a guest's (keyed by a random cookie value) or a signed-in shopper's.</summary>
public sealed class Cart
{
    public int Id { get; init; }

    public string? UserId { get; set; }

    /// <summary>The guest cart's key, the value of its cookie; null once the cart belongs to an account.</summary>
    public string? GuestKey { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<CartLine> Lines { get; init; } = [];
}

public sealed class CartLine
{
    public int Id { get; init; }

    public int CartId { get; init; }

    /// <summary>The variant's product (a variant never moves to another product), kept for listing and evicting by product.</summary>
    public int ProductId { get; init; }

    public Product? Product { get; init; }

    /// <summary>What is in the cart: one line per variant.</summary>
    public int VariantId { get; init; }

    public ProductVariant? Variant { get; init; }

    public int Quantity { get; set; }
}
