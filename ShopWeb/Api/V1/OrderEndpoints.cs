using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>A guest's order, for whoever holds its access token (<see cref="OrderAccess"/>, as the emailed link does).</summary>
public static class OrderEndpoints
{
    public const string TokenHeader = "Order-Token";

    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders").Personal();
        orders.MapGet("/{number}", GetAsync).WithName("GetGuestOrder").WithSummary("A guest's order, by its number and access token")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{number}/payment", PayAsync).WithName("PayGuestOrder").DescribedAsPayment();
        return api;
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        OrderAccess access, OrderResponses responses, string number, [FromHeader(Name = TokenHeader)] string? token, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return NoToken();
        }

        if (await FindAsync(access, number, token, cancellationToken) is not { } order)
        {
            return NotFound();
        }

        return TypedResults.Ok(await responses.OfAsync(order, cancellationToken));
    }

    private static async Task<Results<Ok<OrderResponse>, StoredAnswer, ValidationProblem, ProblemHttpResult>> PayAsync(
        HttpResponse response, OrderAccess access, string number, [FromHeader(Name = TokenHeader)] string? token,
        [FromHeader(Name = IdempotentRequests.Header)] string? idempotencyKey, [AsParameters] OrderPaymentEndpoints.Services services, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return NoToken();
        }

        if (OrderPaymentEndpoints.InvalidKey(idempotencyKey) is { } invalid)
        {
            return invalid;
        }

        if (await FindAsync(access, number, token, cancellationToken) is not { } order)
        {
            return NotFound();
        }

        return await OrderPaymentEndpoints.PayAsync(response, order, "order:" + order.Number, idempotencyKey, services, cancellationToken);
    }

    // By the token alone: whoever the request comes from, a guest order is found by its key, never by a sign-in.
    private static Task<Data.Order?> FindAsync(OrderAccess access, string number, string token, CancellationToken cancellationToken) =>
        access.FindAsync(number, new ClaimsPrincipal(), token, cancellationToken: cancellationToken);

    private static ValidationProblem NoToken() =>
        ApiProblems.ValidationProblem(TokenHeader, "Send the order's access token, as given by the checkout, in the Order-Token header.");

    private static ProblemHttpResult NotFound() => ApiProblems.NotFoundProblem("No order has this number and access token.");
}
