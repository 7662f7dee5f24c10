using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>
/// Guest carts for apps: created with an id and a secret, then changed one line at a time by <see cref="ShoppingCart"/>,
/// with the cart page's stock and quantity rules. A wrong secret is the same 404 as a cart that does not exist.
/// </summary>
public static class CartEndpoints
{
    internal const string AddDescription = "Name the variant by its sku; a product sold one way only (one variant) may be named by its productSlug instead. "
        + "An unknown SKU or a product not on sale is a 422 (product-unavailable), a sold-out variant a 409 (sold-out), "
        + "and the slug of a product with several variants a 422 (variant-required).";

    internal const string LineDescription = "The line is named by its variant's SKU (a \"/\" in it sent as %2F); the slug of a product sold one way only names its line too. "
        + "The slug of a product with several variants is a 422 (variant-required).";

    public static RouteGroupBuilder MapCarts(this RouteGroupBuilder api)
    {
        var carts = api.MapGroup("/carts").WithTags("Carts").Personal();
        carts.MapPost("/", CreateAsync).WithName("CreateCart").WithSummary("Start a guest cart")
            .WithDescription("One client address may start only so many guest carts an hour (Carts:NewGuestCartsPerHour); past that, a 429 with Retry-After.");
        carts.MapGet("/{id}", GetAsync).WithName("GetCart").WithSummary("A guest cart").ProducesProblem(StatusCodes.Status404NotFound);
        carts.MapPost("/{id}/lines", AddLineAsync).WithName("AddCartLine")
            .WithSummary("Add a variant by its SKU (its quantity adds to a line already there, up to what is in stock)")
            .WithDescription(AddDescription)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        carts.MapPut("/{id}/lines/{sku}", SetLineAsync).WithName("SetCartLine").WithSummary("Change a line's quantity").WithDescription(LineDescription)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        carts.MapDelete("/{id}/lines/{sku}", RemoveLineAsync).WithName("RemoveCartLine").WithSummary("Remove a line").WithDescription(LineDescription)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<Created<CreatedCartResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ShoppingCart cart, Prices prices, CancellationToken cancellationToken)
    {
        var (id, secret) = GuestCartKeys.New();
        if (!await cart.CreateGuestCartAsync(GuestCartKeys.OwnerOf(id, secret)! with { Client = Infrastructure.ClientAddress.Of(context) }, cancellationToken))
        {
            return TooManyCarts(context);
        }

        return TypedResults.Created($"{ApiPaths.V1}/carts/{id}", new CreatedCartResponse(id, secret, Response(id, CartView.Empty, prices.Currency, notice: null)));
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        ShoppingCart cart, Prices prices, string id, [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret, CancellationToken cancellationToken)
    {
        if (await OwnerAsync(cart, id, secret, cancellationToken) is not { } owner)
        {
            return secret is null ? MissingSecret() : CartNotFound();
        }

        return await ViewOfAsync(cart, prices, owner, id, notice: null, cancellationToken);
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> AddLineAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, string id, [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret,
        AddCartLineRequest line, CancellationToken cancellationToken)
    {
        if (InvalidLine(line) is { } invalid)
        {
            return invalid;
        }

        if (await OwnerAsync(cart, id, secret, cancellationToken) is not { } owner)
        {
            return secret is null ? MissingSecret() : CartNotFound();
        }

        return await AddLineToAsync(cart, db, prices, owner, id, line, cancellationToken);
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> SetLineAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, string id, string sku, [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret,
        SetCartLineRequest line, CancellationToken cancellationToken)
    {
        if (await OwnerAsync(cart, id, secret, cancellationToken) is not { } owner)
        {
            return secret is null ? MissingSecret() : CartNotFound();
        }

        return await SetLineOfAsync(cart, db, prices, owner, id, sku, line, cancellationToken);
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> RemoveLineAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, string id, string sku, [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret,
        CancellationToken cancellationToken)
    {
        if (await OwnerAsync(cart, id, secret, cancellationToken) is not { } owner)
        {
            return secret is null ? MissingSecret() : CartNotFound();
        }

        return await RemoveLineOfAsync(cart, db, prices, owner, id, sku, cancellationToken);
    }

    // What follows is one cart's, whoever it belongs to: a guest's (by id and secret) or a signed-in shopper's (/me/cart).
    // The id is the guest cart's, null for the shopper's own.

    internal static async Task<Ok<CartResponse>> ViewOfAsync(ShoppingCart cart, Prices prices, CartOwner owner, string? id, string? notice, CancellationToken cancellationToken) =>
        TypedResults.Ok(Response(id, await cart.ViewAsync(owner, cancellationToken), prices.Currency, notice));

    internal static ValidationProblem? InvalidLine(AddCartLineRequest line) =>
        (string.IsNullOrWhiteSpace(line.Sku), string.IsNullOrWhiteSpace(line.ProductSlug)) switch
        {
            (true, true) => ApiProblems.ValidationProblem("sku", "Name the variant by its sku (or a product sold one way only by its productSlug)."),
            (false, false) => ApiProblems.ValidationProblem("sku", "Send either sku or productSlug, not both."),
            _ => null,
        };

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> AddLineToAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, CartOwner owner, string? id, AddCartLineRequest line, CancellationToken cancellationToken)
    {
        var named = await CartLineVariants.OfAsync(db, line.Sku, line.ProductSlug, onSaleOnly: true, cancellationToken);
        if (named.Ambiguous)
        {
            return CartLineVariants.VariantRequired();
        }

        var change = await cart.AddAsync(owner, named.VariantId, line.Quantity, cancellationToken);
        return await AnswerAsync(cart, owner, id, prices, change, cancellationToken);
    }

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> SetLineOfAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, CartOwner owner, string? id, string sku, SetCartLineRequest line, CancellationToken cancellationToken)
    {
        if (await LineVariantAsync(db, sku, cancellationToken) is not int variantId)
        {
            return CartLineVariants.VariantRequired();
        }

        var change = await cart.SetQuantityAsync(owner, variantId, line.Quantity, cancellationToken);
        return await AnswerAsync(cart, owner, id, prices, change, cancellationToken);
    }

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> RemoveLineOfAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, CartOwner owner, string? id, string sku, CancellationToken cancellationToken)
    {
        if (await LineVariantAsync(db, sku, cancellationToken) is not int variantId)
        {
            return CartLineVariants.VariantRequired();
        }

        var change = await cart.RemoveAsync(owner, variantId, cancellationToken);
        return await AnswerAsync(cart, owner, id, prices, change, cancellationToken);
    }

    /// <summary>The cart named by the id and the secret, when it exists.</summary>
    internal static async Task<CartOwner?> OwnerAsync(ShoppingCart cart, string? id, string? secret, CancellationToken cancellationToken) =>
        GuestCartKeys.OwnerOf(id, secret) is { } owner && await cart.ExistsAsync(owner, cancellationToken) ? owner : null;

    internal static ValidationProblem MissingSecret() =>
        ApiProblems.ValidationProblem(GuestCartKeys.SecretHeader, "Send the cart's secret, as given when the cart was created, in the Cart-Secret header.");

    internal static ProblemHttpResult CartNotFound() => ApiProblems.NotFoundProblem("No cart has this id and secret.");

    // The variant a line's segment names (0, in no line, when none), or null for a slug that cannot say which.
    private static async Task<int?> LineVariantAsync(ShopDbContext db, string segment, CancellationToken cancellationToken)
    {
        var segmentText = CartLineVariants.Segment(segment);
        var named = await CartLineVariants.OfAsync(db, segmentText, segmentText, onSaleOnly: false, cancellationToken);
        return named.Ambiguous ? null : named.VariantId;
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        ShoppingCart cart, CartOwner owner, string? id, Prices prices, CartChange change, CancellationToken cancellationToken) => change.Result switch
        {
            CartChangeResult.Done or CartChangeResult.Capped => TypedResults.Ok(Response(
                id, await cart.ViewAsync(owner, cancellationToken), prices.Currency, change.Result == CartChangeResult.Capped ? change.Message : null)),
            CartChangeResult.InvalidQuantity => ApiProblems.ValidationProblem("quantity", change.Message),
            CartChangeResult.NotOnSale => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiProblems.ProductUnavailable, "Not on sale", change.Message),
            CartChangeResult.SoldOut => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.SoldOut, "Sold out", change.Message),
            CartChangeResult.TooManyCarts => ApiProblems.Problem(StatusCodes.Status429TooManyRequests, ApiProblems.RateLimited, "Too many new carts", change.Message),
            CartChangeResult.CartFull => ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.CartFull, "The cart is full", change.Message),
            _ => ApiProblems.NotFoundProblem(change.Message),
        };

    private static ProblemHttpResult TooManyCarts(HttpContext context)
    {
        context.Response.Headers.RetryAfter = GuestCartLimit.RetryAfterSeconds;
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, ApiProblems.RateLimited, "Too many new carts", GuestCartLimit.Refusal);
    }

    private static CartResponse Response(string? id, CartView view, string currency, string? notice) => new(
        id,
        view.Lines.Select(l => new CartLineResponse(
            l.Sku, l.Slug, l.Name, l.OptionText, Money.Of(l.UnitPriceMinor, currency), l.Quantity, Money.Of(l.LineTotalMinor, currency), l.OnSale, l.Available, l.ImagePath)).ToList(),
        Money.Of(view.SubtotalMinor, currency),
        view.Units,
        !view.IsEmpty && view.Lines.All(l => l.Available),
        notice);
}
