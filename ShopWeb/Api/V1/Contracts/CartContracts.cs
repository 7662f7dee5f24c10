using System.ComponentModel.DataAnnotations;

namespace ShopWeb.Api.V1.Contracts;

/// <summary>A new guest cart. The secret is shown once: send it as the <c>Cart-Secret</c> header with every call about the cart.</summary>
public sealed record CreatedCartResponse(string Id, string Secret, CartResponse Cart);

/// <param name="Id">The guest cart's id; null for the signed-in shopper's own cart (/api/v1/me/cart).</param>
/// <param name="Notice">What the shop said about the change, when it did less than asked ("Only 3 of … in stock: your cart has 3.").</param>
public sealed record CartResponse(string? Id, IReadOnlyList<CartLineResponse> Lines, Money Subtotal, int Units, bool ReadyToOrder, string? Notice);

/// <param name="Sku">The variant's SKU: the line's name in PUT and DELETE …/lines/{sku}.</param>
/// <param name="OptionText">The variant's option values ("M / Blue"); empty for a product without options.</param>
/// <param name="Available">Whether the line can be ordered as it stands: on sale, and enough in stock.</param>
public sealed record CartLineResponse(
    string Sku, string ProductSlug, string Name, string OptionText, Money UnitPrice, int Quantity, Money LineTotal, bool OnSale, bool Available, string ImageUrl);

/// <summary>What to add: a variant by its <c>sku</c> (GET /api/v1/products/{slug} lists them), or a product sold one way only by its <c>productSlug</c>.</summary>
/// <param name="Sku">The variant's SKU. Send this or productSlug, not both.</param>
/// <param name="ProductSlug">A product's slug, for a product with one variant only; a product with several is a 422 (variant-required).</param>
public sealed record AddCartLineRequest(string? Sku = null, string? ProductSlug = null, int Quantity = 1);

public sealed record SetCartLineRequest(int Quantity);

/// <summary>A guest cart to merge into the signed-in shopper's (its secret goes in the <c>Cart-Secret</c> header).</summary>
public sealed record MergeCartRequest([property: Required] string CartId);
