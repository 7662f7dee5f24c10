using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Catalog;
using ShopWeb.Data;
using ShopWeb.Identity.Apps;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>
/// The signed-in shopper's own cart, the one the browser shows them too: the guest cart's handlers
/// (<see cref="CartEndpoints"/>) on the account's cart, and the browser's sign-in merge for a guest cart the app presents.
/// </summary>
public static class MeCartEndpoints
{
    public static RouteGroupBuilder MapMyCart(this RouteGroupBuilder me)
    {
        var cart = me.MapGroup("/cart");
        cart.MapGet("", GetAsync).WithName("GetMyCart").WithSummary("The signed-in shopper's cart");
        cart.MapPost("/lines", AddLineAsync).WithName("AddMyCartLine")
            .WithSummary("Add a variant by its SKU to the shopper's cart (its quantity adds to a line already there, up to what is in stock)")
            .WithDescription(CartEndpoints.AddDescription)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        cart.MapPut("/lines/{sku}", SetLineAsync).WithName("SetMyCartLine").WithSummary("Change a line's quantity in the shopper's cart")
            .WithDescription(CartEndpoints.LineDescription).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        cart.MapDelete("/lines/{sku}", RemoveLineAsync).WithName("RemoveMyCartLine").WithSummary("Remove a line from the shopper's cart")
            .WithDescription(CartEndpoints.LineDescription).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        cart.MapPost("/merge", MergeAsync).WithName("MergeGuestCartIntoMine")
            .WithSummary("Move a guest cart into the shopper's, as signing in does in the browser")
            .WithDescription("Quantities add up, capped at what is in stock. The guest cart is gone afterwards: merging it again finds no cart (404) "
                + "and changes nothing. A wrong id or secret is the same 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return me;
    }

    /// <summary>The account's cart; null when the token names no shopper (the group's policy lets no such request in).</summary>
    private static CartOwner? Mine(HttpContext context) => ApiAuthorization.UserId(context.User) is { } id ? new CartOwner(id, null) : null;

    private static async Task<Results<Ok<CartResponse>, ProblemHttpResult>> GetAsync(
        HttpContext context, ShoppingCart cart, Prices prices, CancellationToken cancellationToken) =>
        Mine(context) is { } owner ? await CartEndpoints.ViewOfAsync(cart, prices, owner, id: null, notice: null, cancellationToken) : ApiAuthorization.NotSignedIn();

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> AddLineAsync(
        HttpContext context, ShoppingCart cart, ShopDbContext db, Prices prices, AddCartLineRequest line, CancellationToken cancellationToken)
    {
        if (CartEndpoints.InvalidLine(line) is { } invalid)
        {
            return invalid;
        }

        return Mine(context) is { } owner ? await CartEndpoints.AddLineToAsync(cart, db, prices, owner, id: null, line, cancellationToken) : ApiAuthorization.NotSignedIn();
    }

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> SetLineAsync(
        HttpContext context, ShoppingCart cart, ShopDbContext db, Prices prices, string sku, SetCartLineRequest line, CancellationToken cancellationToken) =>
        Mine(context) is { } owner ? await CartEndpoints.SetLineOfAsync(cart, db, prices, owner, id: null, sku, line, cancellationToken) : ApiAuthorization.NotSignedIn();

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> RemoveLineAsync(
        HttpContext context, ShoppingCart cart, ShopDbContext db, Prices prices, string sku, CancellationToken cancellationToken) =>
        Mine(context) is { } owner ? await CartEndpoints.RemoveLineOfAsync(cart, db, prices, owner, id: null, sku, cancellationToken) : ApiAuthorization.NotSignedIn();

    private static async Task<Results<Ok<CartResponse>, ValidationProblem, ProblemHttpResult>> MergeAsync(
        HttpContext context, ShoppingCart cart, Prices prices, MergeCartRequest request,
        [FromHeader(Name = GuestCartKeys.SecretHeader)] string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.CartId))
        {
            return ApiProblems.ValidationProblem("cartId", "Name the guest cart to merge.");
        }

        if (secret is null)
        {
            return CartEndpoints.MissingSecret();
        }

        if (Mine(context) is not { } owner)
        {
            return ApiAuthorization.NotSignedIn();
        }

        if (await CartEndpoints.OwnerAsync(cart, request.CartId, secret, cancellationToken) is not { GuestKey: { } guestKey })
        {
            return CartEndpoints.CartNotFound();
        }

        // The browser's own sign-in merge: the guest cart moves once, even when two merges race.
        var merge = await cart.MergeGuestCartAsync(guestKey, owner.UserId!, cancellationToken);
        return await CartEndpoints.ViewOfAsync(cart, prices, owner, id: null, merge.Message, cancellationToken);
    }
}
