using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Api.V1.Contracts;
using ShopWeb.Data;
using ShopWeb.Payments;

namespace ShopWeb.Api.V1;

/// <summary>
/// Paying a card order from an app: the checkout, the shopper's <c>POST /me/orders/{number}/payment</c> and the guest's
/// <c>POST /orders/{number}/payment</c> all give the order a hosted page to open in a browser through
/// <see cref="CardPayments.StartAsync"/>, "Pay now" on the order page. A page still open is handed out again rather
/// than replaced, so a retried or repeated request never leaves the shopper two pages that could both take money.
/// </summary>
public static class OrderPaymentEndpoints
{
    /// <summary>The services the payment operations use, bound from the container.</summary>
    public sealed record Services(
        CardPayments Payments,
        ShopDbContext Db,
        OrderResponses Responses,
        IdempotentRequests Idempotency,
        IOptions<PaymentOptions> Options,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> Json,
        TimeProvider Clock,
        ILogger<CardPayments> Logger);

    /// <summary>What both payment operations document.</summary>
    public static RouteHandlerBuilder DescribedAsPayment(this RouteHandlerBuilder endpoint) => endpoint
        .WithSummary("A hosted payment page for an unpaid card order")
        .WithDescription("For a card order awaiting its payment (after a declined card, an abandoned or expired page): answers the order with payment.url, "
            + "the provider's page to open in a browser. A page still open is given again; otherwise a new payment starts. A paid, cancelled or non-card order, "
            + "or a shop that takes no card now, is a 409. An optional Idempotency-Key makes a retry get the first answer again, as for the checkout.")
        .WithMetadata(new IdempotentRequests.OptionalKey())
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The key's problem, if one was sent that cannot be used (checked before the order is looked up).</summary>
    internal static ValidationProblem? InvalidKey(string? idempotencyKey) =>
        idempotencyKey is not null && IdempotentRequests.Invalid(idempotencyKey) is { } error ? ApiProblems.ValidationProblem(IdempotentRequests.Header, error) : null;

    /// <param name="caller">Whose keys these are: the shopper, or the guest order's token holder.</param>
    internal static async Task<Results<Ok<OrderResponse>, StoredAnswer, ValidationProblem, ProblemHttpResult>> PayAsync(
        HttpResponse response, Order order, string caller, string? idempotencyKey, Services services, CancellationToken cancellationToken)
    {
        IdempotencyStart.Started? started = null;
        if (idempotencyKey is not null)
        {
            var start = await services.Idempotency.BeginAsync(caller, idempotencyKey,
                IdempotentRequests.Fingerprint(new { payment = order.Number }, services.Json.Value.SerializerOptions), cancellationToken);
            if (start is IdempotencyStart.Answered answered)
            {
                return new StoredAnswer(answered.StatusCode, answered.Body, answered.Location);
            }

            if (ApiProblems.IdempotencyRefusal(start, "request", "Still starting the payment") is { } refusal)
            {
                return refusal;
            }

            started = (IdempotencyStart.Started)start;
        }

        var completed = false;
        try
        {
            if (NotPayable(order, services.Options.Value) is { } reason)
            {
                return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.NotPayable, "Cannot be paid", reason);
            }

            switch (await OpenOrStartAsync(order, services, cancellationToken))
            {
                case PaymentStart.Failed:
                    response.Headers.RetryAfter = "5";
                    return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblems.PaymentProviderUnavailable, "The payment provider did not answer",
                        "No payment was started. Retry in a moment.");
                case PaymentStart.NotAwaiting:
                    return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblems.NotPayable, "Cannot be paid",
                        $"Order {order.Number} no longer awaits a payment: read it again to see where it stands.");
            }

            var body = await services.Responses.OfAsync(order, cancellationToken);
            if (started is not null)
            {
                await services.Idempotency.CompleteAsync(started.Id, StatusCodes.Status200OK, JsonSerializer.Serialize(body, services.Json.Value.SerializerOptions), null);
                completed = true;
            }

            return TypedResults.Ok(body);
        }
        finally
        {
            if (started is not null && !completed)
            {
                await services.Idempotency.ReleaseAsync(started.Id);
            }
        }
    }

    private static string? NotPayable(Order order, PaymentOptions options) => order switch
    {
        { Payment: not PaymentMethod.Card } => $"Order {order.Number} is not paid by card: it is paid {(order.Payment == PaymentMethod.BankTransfer ? "by bank transfer" : "on delivery")}.",
        { Status: OrderStatus.Cancelled } => $"Order {order.Number} was cancelled.",
        { Status: not OrderStatus.AwaitingPayment } => $"Order {order.Number} is paid.",
        _ when !options.Offers(PaymentMethod.Card) => "The shop takes no card payments at the moment.",
        _ => null,
    };

    public enum PaymentStart
    {
        /// <summary>The order has a page open (kept, or new).</summary>
        Open,

        /// <summary>The order was paid or cancelled meanwhile.</summary>
        NotAwaiting,

        /// <summary>The provider failed: no page.</summary>
        Failed,
    }

    /// <summary>
    /// For a card order awaiting its payment: keeps the page still open, or starts a new one. A provider that fails is
    /// logged and answered as <see cref="PaymentStart.Failed"/>: the order stands, and a new request may try again.
    /// </summary>
    internal static async Task<PaymentStart> OpenOrStartAsync(Order order, Services services, CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        if (await services.Db.Payments.AsNoTracking().AnyAsync(p => p.OrderId == order.Id && p.Status == PaymentStatus.Open && p.ExpiresAt > now, cancellationToken))
        {
            return PaymentStart.Open;
        }

        try
        {
            return await services.Payments.StartAsync(order.Id, cancellationToken) is not null ? PaymentStart.Open : PaymentStart.NotAwaiting;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            services.Logger.LogError(ex, "Could not start a card payment for order {Number}", order.Number);
            return PaymentStart.Failed;
        }
    }
}
