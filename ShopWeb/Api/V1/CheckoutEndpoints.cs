using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Identity.Apps;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>
/// Checkout for apps: <see cref="PlaceOrder"/>, the checkout page's own, behind an <c>Idempotency-Key</c>
/// (<see cref="IdempotentRequests"/>), so that an app may retry a request whose answer it never got.
/// </summary>
public static class CheckoutEndpoints
{
    public static RouteGroupBuilder MapCheckout(this RouteGroupBuilder api)
    {
        api.MapPost("/checkout", CheckoutAsync).WithTags("Checkout").WithName("Checkout")
            .WithSummary("Order a guest cart, or the signed-in shopper's own")
            .WithDescription("With a bearer access token, the shopper's own cart is ordered (no cartId) and the save-my-details choices apply as on the checkout page; "
                + "without one, the guest cart named by cartId and its Cart-Secret. The goods are the cart's lines, each a variant named by its SKU (POST …/lines), "
                + "so a sold-out variant is a 409 naming it (\"T-shirt (M / Blue)\"), and one taken off sale since it went in the cart a 422 (product-unavailable). "
                + "With expectedSubtotal (the cart's subtotal the shopper saw), a price changed since is a 409 (prices-changed) and nothing is ordered. Needs an Idempotency-Key header. A retry with the same key and body gets the first answer again (the same order); "
                + "the same key with another body is a 422, and while the first request is still running a 409. A failure frees the key. "
                + "Keys are remembered for 24 hours. With payment card, the order awaits its payment and payment.url is the provider's page to open in a browser "
                + "(null if the provider could not be reached: then POST to the order's /payment); a retry gets the same page. A way to pay the shop does not take now is a 400.")
            .ProducesValidationProblem()
            .WithMetadata(new ApiAuthorization.OptionalSignIn())
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .Personal(); // the order's token, for a guest
        return api;
    }

    private static async Task<Results<Created<PlacedOrderResponse>, StoredAnswer, ValidationProblem, ProblemHttpResult, ApiAuthorization.NotSignedInChallenge>> CheckoutAsync(
        HttpContext context,
        CheckoutRequest request,
        [FromHeader(Name = IdempotentRequests.Header)] string? idempotencyKey,
        [FromHeader(Name = GuestCartKeys.SecretHeader)] string? cartSecret,
        ShoppingCart cart,
        PlaceOrder placeOrder,
        CheckoutDetails checkoutDetails,
        UserManager<ApplicationUser> users,
        IdempotentRequests idempotency,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        [AsParameters] OrderPaymentEndpoints.Services payments,
        Catalog.Prices prices,
        CancellationToken cancellationToken)
    {
        // Open to guests, so the token is read here rather than by the group's policy.
        var (validToken, userId) = await ApiAuthorization.OptionalUserAsync(context);
        if (!validToken)
        {
            return new ApiAuthorization.NotSignedInChallenge();
        }

        var errors = ApiValidation.Errors(request, context.RequestServices);
        if (IdempotentRequests.Invalid(idempotencyKey) is { } keyError)
        {
            errors[IdempotentRequests.Header] = [keyError];
        }

        if (request.Address is null)
        {
            errors["address"] = ["Enter the address to ship to."];
        }

        long? expectedSubtotal = null;
        if (request.ExpectedSubtotal is { } expected)
        {
            if (prices.Read(expected, out var minor) is { } priceError)
            {
                errors["expectedSubtotal"] = [priceError];
            }

            expectedSubtotal = minor;
        }

        if (userId is not null)
        {
            if (request.CartId is not null)
            {
                errors["cartId"] = ["Signed in, your own cart is ordered: leave cartId out (merge a guest cart first with POST /api/v1/me/cart/merge)."];
            }
        }
        else if (string.IsNullOrWhiteSpace(request.CartId))
        {
            errors["cartId"] = ["Name the guest cart to order."];
        }
        else if (cartSecret is null)
        {
            errors[GuestCartKeys.SecretHeader] = ["Send the cart's secret in the Cart-Secret header."];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.ValidationProblem(errors);
        }

        if ((userId is not null ? new CartOwner(userId, null) : GuestCartKeys.OwnerOf(request.CartId, cartSecret)) is not { } owner)
        {
            return CartEndpoints.CartNotFound();
        }

        var options = json.Value.SerializerOptions;
        var caller = userId is not null ? IdempotentRequests.AccountCaller(userId) : "cart:" + owner.GuestKey;
        var start = await idempotency.BeginAsync(caller, idempotencyKey!, IdempotentRequests.Fingerprint(request, options), cancellationToken);
        if (start is IdempotencyStart.Answered answered)
        {
            return new StoredAnswer(answered.StatusCode, answered.Body, answered.Location);
        }

        if (ApiProblems.IdempotencyRefusal(start, "order", "Still placing the order") is { } refusal)
        {
            return refusal;
        }

        var started = (IdempotencyStart.Started)start;
        var completed = false;
        var orderPlaced = false;
        try
        {
            var outcome = await placeOrder.PlaceAsync(owner, new OrderRequest(
                started.OperationKey, request.Email, request.FullName, request.Phone, request.Address!, request.Shipping, request.Payment, expectedSubtotal), cancellationToken);
            switch (outcome)
            {
                case OrderOutcome.Placed placed:
                    orderPlaced = true;
                    var order = placed.Order;
                    // A retry that finds the order placed applies them too: the first request may have given up after
                    // its order committed and before they were saved, and each of their steps does nothing when done.
                    if (userId is not null && await users.FindByIdAsync(userId) is { } user)
                    {
                        await checkoutDetails.SaveChosenAsync(user, request, request.SaveContactDetails ?? user.SaveContactDetails,
                            request.SaveShippingAddresses ?? user.SaveShippingAddresses, ApiPaths.ConsentPlace, cancellationToken);
                    }

                    // A card order gets its hosted page now; a retry that placed nothing new finds the page already open. If the
                    // provider fails, the order stands without a page (payment.url null): the app asks again with POST …/payment.
                    if (order is { Payment: PaymentMethod.Card, Status: OrderStatus.AwaitingPayment })
                    {
                        await OrderPaymentEndpoints.OpenOrStartAsync(order, payments, cancellationToken);
                    }

                    var body = new PlacedOrderResponse(await payments.Responses.OfAsync(order, cancellationToken), order.UserId is null ? order.AccessToken : null);
                    var location = order.UserId is null ? $"{ApiPaths.V1}/orders/{order.Number}" : $"{ApiPaths.V1}/me/orders/{order.Number}";
                    await idempotency.CompleteAsync(started.Id, StatusCodes.Status201Created, JsonSerializer.Serialize(body, options), location);
                    completed = true;
                    return TypedResults.Created(location, body);
                case OrderOutcome.SoldOut soldOut:
                    return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.SoldOut, "Sold out", soldOut.Left == 0
                        ? $"{soldOut.ProductName} has just sold out. Remove it from the cart to order the rest."
                        : $"Only {soldOut.Left} of {soldOut.ProductName} left. Change the quantity in the cart to order.");
                case OrderOutcome.PricesChanged changed:
                    return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.PricesChanged, "Prices changed",
                        $"The cart's goods now come to {Catalog.Prices.ToText(changed.SubtotalMinor, prices.Currency)} {prices.Currency}, not {request.ExpectedSubtotal}. "
                        + "Nothing was ordered: show the shopper the cart again, then send its new subtotal.");
                case OrderOutcome.NotOnSale notOnSale:
                    return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiProblems.ProductUnavailable, "Not on sale",
                        $"{notOnSale.ProductName} is no longer on sale. Remove it from the cart to order the rest.");
                // A shopper's cart that does not exist is simply empty; a guest's is one the app never created. Asked
                // after PlaceAsync: a retry of a guest's placed order finds the order although its cart is gone.
                case OrderOutcome.EmptyCart when userId is null && !await cart.ExistsAsync(owner, cancellationToken):
                    return CartEndpoints.CartNotFound();
                case OrderOutcome.EmptyCart:
                    return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiProblems.EmptyCart, "The cart is empty", "Add a product to the cart first.");
                case OrderOutcome.FormReused:
                    return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ApiProblems.IdempotencyKeyReused, "Idempotency-Key already used",
                        "This Idempotency-Key was used for another order. Use a new key for a new order.");
                default:
                    context.Response.Headers.RetryAfter = "1";
                    return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.Busy, "The shop is busy",
                        "The shop is very busy right now and nothing was ordered. Retry with the same Idempotency-Key.");
            }
        }
        finally
        {
            if (!completed)
            {
                // Once the order stands, the key stays with it: a retry must get that order, not place another.
                await (orderPlaced ? idempotency.HandOverAsync(started.Id) : idempotency.ReleaseAsync(started.Id));
            }
        }
    }
}

/// <summary>The first answer to an idempotent request, replayed byte for byte with its status and location.</summary>
public sealed class StoredAnswer(int statusCode, string body, string? location) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        httpContext.Response.Headers["Idempotent-Replayed"] = "true";
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await httpContext.Response.WriteAsync(body, httpContext.RequestAborted);
    }
}
