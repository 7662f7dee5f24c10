using System.ComponentModel.DataAnnotations;

namespace ShopWeb.Api.V1.Contracts;

/// <summary>A new guest cart. The secret is shown once: send it as the <c>Cart-Secret</c> header with every call about the cart.</summary>
public sealed record CreatedCartResponse(string Id, string Secret, CartResponse Cart);

/// <param name="Id">The guest cart's id; null for the signed-in shopper's own cart (/api/v1/me/cart).</param>
/// <param name="Notice">What the shop said about the change, when it did less than asked ("Only 3 of … in stock: your cart has 3.").</param>
public sealed record CartResponse(string? Id, IReadOnlyList<CartLineResponse> Lines, Money Subtotal, int Units, bool ReadyToOrder, string? Notice);

/// <param name="Available">Whether the line can be ordered as it stands: on sale, and enough in stock.</param>
public sealed record CartLineResponse(string ProductSlug, string Name, Money UnitPrice, int Quantity, Money LineTotal, bool OnSale, bool Available, string ImageUrl);

public sealed record AddCartLineRequest([property: Required] string ProductSlug, int Quantity = 1);

public sealed record SetCartLineRequest(int Quantity);

/// <summary>A guest cart to merge into the signed-in shopper's (its secret goes in the <c>Cart-Secret</c> header).</summary>
public sealed record MergeCartRequest([property: Required] string CartId);
