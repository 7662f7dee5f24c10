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
    public static RouteGroupBuilder MapCarts(this RouteGroupBuilder api)
    {
        var carts = api.MapGroup("/carts").WithTags("Carts");
        carts.MapPost("/", CreateAsync).WithName("CreateCart").WithSummary("Start a guest cart")
            .WithDescription("One client address may start only so many guest carts an hour (Carts:NewGuestCartsPerHour); past that, a 429 with Retry-After.");
        carts.MapGet("/{id}", GetAsync).WithName("GetCart").WithSummary("A guest cart").ProducesProblem(StatusCodes.Status404NotFound);
        carts.MapPost("/{id}/lines", AddLineAsync).WithName("AddCartLine")
            .WithSummary("Add a product (its quantity adds to a line already there, up to what is in stock)")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        carts.MapPut("/{id}/lines/{productSlug}", SetLineAsync).WithName("SetCartLine").WithSummary("Change a line's quantity")
            .ProducesProblem(StatusCodes.Status404NotFound);
        carts.MapDelete("/{id}/lines/{productSlug}", RemoveLineAsync).WithName("RemoveCartLine").WithSummary("Remove a line")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Created<CreatedCartResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ShoppingCart cart, Prices prices, CancellationToken cancellationToken)
    {
        var (id, secret) = GuestCartKeys.New();
        if (!await cart.CreateGuestCartAsync(GuestCartKeys.OwnerOf(id, secret)! with { Client = CartOwner.ClientOf(context) }, cancellationToken))
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
        ShoppingCart cart, Prices prices, string id, string productSlug, [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret,
        SetCartLineRequest line, CancellationToken cancellationToken)
    {
        if (await OwnerAsync(cart, id, secret, cancellationToken) is not { } owner)
        {
            return secret is null ? MissingSecret() : CartNotFound();
        }

        return await SetLineOfAsync(cart, prices, owner, id, productSlug, line, cancellationToken);
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> RemoveLineAsync(
        ShoppingCart cart, Prices prices, string id, string productSlug, [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret,
        CancellationToken cancellationToken)
    {
        if (await OwnerAsync(cart, id, secret, cancellationToken) is not { } owner)
        {
            return secret is null ? MissingSecret() : CartNotFound();
        }

        return await RemoveLineOfAsync(cart, prices, owner, id, productSlug, cancellationToken);
    }

    // What follows is one cart's, whoever it belongs to: a guest's (by id and secret) or a signed-in shopper's (/me/cart).
    // The id is the guest cart's, null for the shopper's own.

    internal static async Task<Ok<CartResponse>> ViewOfAsync(ShoppingCart cart, Prices prices, CartOwner owner, string? id, string? notice, CancellationToken cancellationToken) =>
        TypedResults.Ok(Response(id, await cart.ViewAsync(owner, cancellationToken), prices.Currency, notice));

    internal static ValidationProblem? InvalidLine(AddCartLineRequest line) =>
        string.IsNullOrWhiteSpace(line.ProductSlug) ? ApiProblems.ValidationProblem("productSlug", "Name the product by its slug.") : null;

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> AddLineToAsync(
        ShoppingCart cart, ShopDbContext db, Prices prices, CartOwner owner, string? id, AddCartLineRequest line, CancellationToken cancellationToken)
    {
        // An unknown slug is product 0, which the cart refuses as not on sale, as it refuses a withdrawn product.
        var product = await CatalogQueries.PublishedBySlug(db, line.ProductSlug.Trim().ToLowerInvariant());
        // Until lines name a SKU, a product's slug names its first variant.
        var change = await cart.AddAsync(owner, product?.Variants.FirstOrDefault()?.Id ?? 0, line.Quantity, cancellationToken);
        return await AnswerAsync(cart, owner, id, prices, change, cancellationToken);
    }

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> SetLineOfAsync(
        ShoppingCart cart, Prices prices, CartOwner owner, string? id, string productSlug, SetCartLineRequest line, CancellationToken cancellationToken)
    {
        var productId = await LineProductAsync(cart, owner, productSlug, cancellationToken);
        var change = await cart.SetQuantityAsync(owner, productId, line.Quantity, cancellationToken);
        return await AnswerAsync(cart, owner, id, prices, change, cancellationToken);
    }

    internal static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> RemoveLineOfAsync(
        ShoppingCart cart, Prices prices, CartOwner owner, string? id, string productSlug, CancellationToken cancellationToken)
    {
        var productId = await LineProductAsync(cart, owner, productSlug, cancellationToken);
        var change = await cart.RemoveAsync(owner, productId, cancellationToken);
        return await AnswerAsync(cart, owner, id, prices, change, cancellationToken);
    }

    /// <summary>The cart named by the id and the secret, when it exists.</summary>
    internal static async Task<CartOwner?> OwnerAsync(ShoppingCart cart, string? id, string? secret, CancellationToken cancellationToken) =>
        GuestCartKeys.OwnerOf(id, secret) is { } owner && await cart.ExistsAsync(owner, cancellationToken) ? owner : null;

    internal static ValidationProblem MissingSecret() =>
        ApiProblems.ValidationProblem(GuestCartKeys.SecretHeader, "Send the cart's secret, as given when the cart was created, in the Cart-Secret header.");

    internal static ProblemHttpResult CartNotFound() => ApiProblems.NotFoundProblem("No cart has this id and secret.");

    // A line is named by its product's slug; a product the cart does not hold is 0, which the cart finds in no line.
    private static async Task<int> LineProductAsync(ShoppingCart cart, CartOwner owner, string slug, CancellationToken cancellationToken) =>
        (await cart.ViewAsync(owner, cancellationToken)).Lines.FirstOrDefault(l => string.Equals(l.Slug, slug, StringComparison.OrdinalIgnoreCase))?.VariantId ?? 0;

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
            l.Slug, l.Name, Money.Of(l.UnitPriceMinor, currency), l.Quantity, Money.Of(l.LineTotalMinor, currency), l.OnSale, l.Available, l.ImagePath)).ToList(),
        Money.Of(view.SubtotalMinor, currency),
        view.Units,
        !view.IsEmpty && view.Lines.All(l => l.Available),
        notice);
}
