using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Identity.Apps;
using ShopWeb.Infrastructure;
using ShopWeb.Ordering;
using ShopWeb.Payments;

namespace ShopWeb.Api.V1;

/// <summary>
/// The signed-in shopper's orders, as /orders shows them: <see cref="OrderAccess"/> finds only their own (another
/// shopper's order is a 404), and "Cancel order" is the order page's <see cref="OrderStatusMoves.CancelByShopperAsync"/>.
/// </summary>
public static class MeOrderEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static RouteGroupBuilder MapMyOrders(this RouteGroupBuilder me)
    {
        var orders = me.MapGroup("/orders");
        orders.MapGet("", ListAsync).WithName("ListMyOrders").WithSummary("The shopper's orders, newest first, a page at a time")
            .AddOpenApiOperationTransformer(OpenApi.QueryParameters.Describe(new()
            {
                ["page"] = ("integer", "From 1 (the default).", 1, null),
                ["pageSize"] = ("integer", $"1 to {MaxPageSize}; {DefaultPageSize} by default.", 1, MaxPageSize),
            }));
        orders.MapGet("/{number}", GetAsync).WithName("GetMyOrder").WithSummary("One of the shopper's orders, by its number")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orders.MapPost("/{number}/cancel", CancelAsync).WithName("CancelMyOrder")
            .WithSummary("Cancel an order not yet shipped (its stock goes back)")
            .WithDescription("As \"Cancel order\" on the order's page: a 409 once the order has shipped, or was cancelled or refunded already; "
                + "a 503 (payment-provider-unavailable, with Retry-After) when a card order's open payment could not be ended, and nothing changed.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        orders.MapPost("/{number}/payment", PayAsync).WithName("PayMyOrder").DescribedAsPayment();
        return me;
    }

    private static async Task<Results<Ok<OrderPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HttpContext context, OrderAccess access, OrderResponses responses, string? page, string? pageSize, CancellationToken cancellationToken)
    {
        if (ApiAuthorization.UserId(context.User) is not { } userId)
        {
            return ApiAuthorization.NotSignedIn();
        }

        var errors = new Dictionary<string, string[]>();
        var number = ProductListQuery.Number(page, 1, int.MaxValue, "page", "Ask for page 1 or later.", errors);
        var size = ProductListQuery.Number(pageSize, DefaultPageSize, MaxPageSize, "pageSize", $"Ask for 1 to {MaxPageSize} orders a page.", errors);
        if (errors.Count > 0)
        {
            return ApiProblems.ValidationProblem(errors);
        }

        var mine = access.OfShopper(userId);
        var total = await mine.CountAsync(cancellationToken);
        var items = await mine.Skip((int)Math.Min((long)(number - 1) * size, int.MaxValue)).Take(size).Include(o => o.Lines).ToListAsync(cancellationToken);
        return TypedResults.Ok(new OrderPage(await responses.OfAsync(items, cancellationToken), number, size, total, Paging.LastPage(total, size)));
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetAsync(
        HttpContext context, OrderAccess access, OrderResponses responses, string number, CancellationToken cancellationToken) =>
        await access.FindAsync(number, ApiAuthorization.UserId(context.User), token: null, cancellationToken: cancellationToken) is { } order
            ? TypedResults.Ok(await responses.OfAsync(order, cancellationToken))
            : NotFound();

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> CancelAsync(
        HttpContext context, OrderAccess access, OrderCancellation cancellation, OrderResponses responses, string number, CancellationToken cancellationToken)
    {
        var userId = ApiAuthorization.UserId(context.User);
        if (await access.FindAsync(number, userId, token: null, cancellationToken: cancellationToken) is not { } order)
        {
            return NotFound();
        }

        switch (await cancellation.CancelAsync(order.Id, cancellationToken))
        {
            case CancelOutcome.ProviderUnavailable:
                context.Response.Headers.RetryAfter = "5";
                return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.PaymentProviderUnavailable, "The payment provider did not answer",
                    $"Order {order.Number} was not cancelled: its card payment could not be ended. Retry in a moment.");
            case not CancelOutcome.Cancelled:
                return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.NotCancellable, "Cannot be cancelled",
                    $"Order {order.Number} can no longer be cancelled.");
        }

        var cancelled = await access.FindAsync(number, userId, token: null, cancellationToken: cancellationToken);
        return TypedResults.Ok(await responses.OfAsync(cancelled!, cancellationToken));
    }

    private static async Task<Results<Ok<OrderResponse>, StoredAnswer, ValidationProblem, ProblemHttpResult>> PayAsync(
        HttpContext context, OrderAccess access, string number, [FromHeader(Name = IdempotentRequests.Header)] string? idempotencyKey,
        [AsParameters] OrderPaymentEndpoints.Services services, CancellationToken cancellationToken)
    {
        if (OrderPaymentEndpoints.InvalidKey(idempotencyKey) is { } invalid)
        {
            return invalid;
        }

        var userId = ApiAuthorization.UserId(context.User);
        return await access.FindAsync(number, userId, token: null, cancellationToken: cancellationToken) is { } order
            ? await OrderPaymentEndpoints.PayAsync(context.Response, order, IdempotentRequests.AccountCaller(userId!), idempotencyKey, services, cancellationToken)
            : NotFound();
    }

    private static ProblemHttpResult NotFound() => ApiProblems.NotFoundProblem("You have no order with this number.");
}
