namespace ShopWeb.Data;

/// <summary>
/// A placed order. It keeps its own copy of the contact details and the address it ships to: that is the order,
/// not the shopper's profile, and it stays as it was whatever the shopper saves or erases later.
/// </summary>
public sealed class Order
{
    public int Id { get; init; }

    /// <summary>The number shoppers see, such as SW-7K3M9Q2D.</summary>
    public required string Number { get; init; }

    /// <summary>The account that placed it; null for a guest, or once the account was deleted.</summary>
    public string? UserId { get; set; }

    /// <summary>Unguessable: lets a guest open the order from the link in the confirmation email.</summary>
    public required string AccessToken { get; init; }

    /// <summary>For a guest's order, a hash of the cart cookie that placed it: only that browser may find it again by its form.</summary>
    public string? GuestKeyHash { get; init; }

    /// <summary>The key of the checkout form that placed it: a second submit of the same form finds this order.</summary>
    public required string IdempotencyKey { get; init; }

    public OrderStatus Status { get; set; }

    public PaymentMethod Payment { get; init; }

    public ShippingMethod Shipping { get; init; }

    public required string Currency { get; init; }

    public long SubtotalMinor { get; init; }

    public long ShippingMinor { get; init; }

    public long TaxMinor { get; init; }

    public long TotalMinor { get; init; }

    public DateTimeOffset PlacedAt { get; init; }

    /// <summary>
    /// When the order moved to Paid: its card payment applied, or an admin recording money taken before delivery (paid
    /// at the counter or by transfer). Null for an order never marked paid: a pay-on-delivery order's money comes with
    /// its delivery, so one that ships without it ships unpaid (<see cref="Payments.PaymentStates"/>).
    /// </summary>
    public DateTimeOffset? PaidAt { get; set; }

    public required string Email { get; set; }

    public required string FullName { get; set; }

    public string? Phone { get; set; }

    public required string ShipName { get; set; }

    public required string Line1 { get; set; }

    public string? Line2 { get; set; }

    public required string City { get; set; }

    public string? Region { get; set; }

    public required string PostalCode { get; set; }

    public required string Country { get; set; }

    public List<OrderLine> Lines { get; init; } = [];

    /// <summary>A card order's hosted sessions, one per attempt to pay (Payments/).</summary>
    public List<Payment> Payments { get; init; } = [];

    public List<Refund> Refunds { get; init; } = [];
}

public sealed class OrderLine
{
    public int Id { get; init; }

    public int OrderId { get; init; }

    /// <summary>The product as it is now, if it still exists; the line keeps its own name and price.</summary>
    public int? ProductId { get; init; }

    public required string ProductName { get; init; }

    public required string ProductSlug { get; init; }

    /// <summary>The variant as it is now, if it still exists; the line keeps its own copy of the SKU and option text.</summary>
    public int? VariantId { get; init; }

    /// <summary>The variant's SKU when ordered (empty for lines ordered before variants existed and whose product is gone).</summary>
    public string Sku { get; init; } = "";

    /// <summary>The variant's option values when ordered ("M / Blue"); empty for a product without options.</summary>
    public string OptionText { get; init; } = "";

    public long UnitPriceMinor { get; init; }

    public int Quantity { get; init; }

    public long LineTotalMinor => UnitPriceMinor * Quantity;
}

public enum OrderStatus
{
    AwaitingPayment,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
    Refunded,
}

public enum PaymentMethod
{
    PayOnDelivery,
    BankTransfer,

    /// <summary>By card on the payment provider's hosted page: placed awaiting payment, its stock held until paid or expired.</summary>
    Card,
}

public enum ShippingMethod
{
    Standard,
    Express,
}
