using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Ordering;

namespace ShopWeb.Api.V1;

/// <summary>A guest's order, for whoever holds its access token (<see cref="OrderAccess"/>, as the emailed link does).</summary>
public static class OrderEndpoints
{
    public const string TokenHeader = "Order-Token";

    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder api)
    {
        api.MapGroup("/orders").WithTags("Orders")
            .MapGet("/{number}", GetAsync).WithName("GetGuestOrder").WithSummary("A guest's order, by its number and access token")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        HttpResponse response, OrderAccess access, IOptions<OrderOptions> orders, string number, [FromHeader(Name = TokenHeader)] string? token, CancellationToken cancellationToken)
    {
        if (token is null)
        {
            return ApiProblems.ValidationProblem(TokenHeader, "Send the order's access token, as given by the checkout, in the Order-Token header.");
        }

        // By the token alone: whoever the request comes from, a guest order is found by its key, never by a sign-in.
        if (await access.FindAsync(number, new ClaimsPrincipal(), token, cancellationToken: cancellationToken) is not { } order)
        {
            return ApiProblems.NotFoundProblem("No order has this number and access token.");
        }

        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(OrderResponse.From(order, orders.Value));
    }
}
