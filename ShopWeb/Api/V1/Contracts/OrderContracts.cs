using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1.Contracts;

/// <summary>
/// A checkout: the contact, the address it ships to and the methods, with their rules (<see cref="CheckoutInput"/>,
/// the checkout page's own). The goods and their prices come from the cart.
/// </summary>
public sealed class CheckoutRequest : CheckoutInput
{
    /// <summary>The guest cart to order (its secret goes in the <c>Cart-Secret</c> header). Signed in, leave it out: the shopper's own cart is ordered.</summary>
    public string? CartId { get; set; }

    /// <summary>Signed in only: "Save my contact details", as beside the checkout page's fields (off erases them). Left out, the choice stays as it is.</summary>
    public bool? SaveContactDetails { get; set; }

    /// <summary>Signed in only: "Save my shipping addresses" (on adds this address to the book, off erases the book). Left out, the choice stays as it is.</summary>
    public bool? SaveShippingAddresses { get; set; }

    /// <summary>
    /// The goods' total the app showed the shopper, as the cart's <c>subtotal.amount</c> ("25.00"). Given, the order is
    /// placed only at it: a price (or the cart) changed since is a 409 (prices-changed) naming the new subtotal, and nothing
    /// is ordered. Left out, the cart is ordered at its prices now.
    /// </summary>
    public string? ExpectedSubtotal { get; set; }
}

public sealed record AddressResponse(string Name, string Line1, string? Line2, string City, string? Region, string PostalCode, string Country);

/// <param name="Sku">The variant's SKU when ordered: the line's own copy, kept when the variant changes or goes.</param>
/// <param name="OptionText">The variant's option values when ordered ("M / Blue"), its own copy too; empty for a product without options.</param>
public sealed record OrderLineResponse(string Sku, string ProductSlug, string ProductName, string OptionText, Money UnitPrice, int Quantity, Money LineTotal);

/// <param name="PlacedAt">UTC, RFC 3339.</param>
/// <param name="Payment">How the order is paid and where its money stands: the way to pay, the state, the card payment's hosted page, refunds.</param>
/// <param name="PayBy">While a bank-transfer order awaits its payment: the moment (UTC) after which it is cancelled unpaid. Otherwise null.</param>
public sealed record OrderResponse(
    string Number,
    OrderStatus Status,
    DateTime PlacedAt,
    string Email,
    string FullName,
    string? Phone,
    AddressResponse ShipTo,
    ShippingMethod Shipping,
    OrderPaymentResponse Payment,
    IReadOnlyList<OrderLineResponse> Lines,
    Money Subtotal,
    Money ShippingFee,
    Money Tax,
    Money Total,
    bool CanCancel,
    DateTime? PayBy)
{
    /// <summary>The order with its <see cref="Order.Payments"/> and <see cref="Order.Refunds"/> loaded (<see cref="OrderResponses"/>).</summary>
    public static OrderResponse From(Order order, OrderOptions orders, DateTimeOffset now) => new(
        order.Number,
        order.Status,
        order.PlacedAt.UtcDateTime,
        order.Email,
        order.FullName,
        order.Phone,
        new AddressResponse(order.ShipName, order.Line1, order.Line2, order.City, order.Region, order.PostalCode, order.Country),
        order.Shipping,
        OrderPaymentResponse.From(order, now),
        order.Lines.OrderBy(l => l.Id).Select(l => new OrderLineResponse(
            l.Sku, l.ProductSlug, l.ProductName, l.OptionText, Money.Of(l.UnitPriceMinor, order.Currency), l.Quantity, Money.Of(l.LineTotalMinor, order.Currency))).ToList(),
        Money.Of(order.SubtotalMinor, order.Currency),
        Money.Of(order.ShippingMinor, order.Currency),
        Money.Of(order.TaxMinor, order.Currency),
        Money.Of(order.TotalMinor, order.Currency),
        OrderStatusMoves.CanCancel(order),
        orders.PayBy(order)?.UtcDateTime);
}

/// <summary>A page of the shopper's orders, newest first.</summary>
public sealed record OrderPage(IReadOnlyList<OrderResponse> Items, int Page, int PageSize, int TotalCount, int TotalPages);

/// <param name="AccessToken">A guest's key to the order: send it as the <c>Order-Token</c> header to read it again.</param>
public sealed record PlacedOrderResponse(OrderResponse Order, string? AccessToken);
