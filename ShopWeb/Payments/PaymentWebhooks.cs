using Microsoft.Extensions.Options;

namespace ShopWeb.Payments;

/// <summary>
/// <c>POST /payments/stripe/webhook</c> and <c>POST /payments/test/webhook</c>: a provider's signed events, read raw
/// (the signature covers the exact bytes) and handed to <see cref="PaymentSignals.ReceiveAsync"/>. Only the configured
/// provider's address answers. A bad or stale signature is a 400 with no effect; anything else the signal path
/// accepted or ignored (a duplicate, an unknown type or session) is a 200, so the provider stops retrying.
/// </summary>
public static class PaymentWebhooks
{
    /// <summary>Stripe's events are a few kilobytes; a larger body is refused before it is read further.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Stripe's header; the Test provider signs its events the same way under the same name.</summary>
    public const string SignatureHeader = "Stripe-Signature";

    public static IEndpointRouteBuilder MapPaymentWebhooks(this IEndpointRouteBuilder endpoints)
    {
        // No cookie is read, so no antiforgery. No per-address limit either: a provider sends its events in bursts from
        // a few addresses, and a forged one costs one HMAC and no store read before its 400.
        var webhooks = endpoints.MapGroup("/payments").DisableAntiforgery().DisableRateLimiting().ExcludeFromDescription();
        webhooks.MapPost("/stripe/webhook", (HttpContext context, PaymentSignals signals) => ReceiveAsync(context, signals, PaymentProviderKind.Stripe));
        webhooks.MapPost("/test/webhook", (HttpContext context, PaymentSignals signals) => ReceiveAsync(context, signals, PaymentProviderKind.Test));
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext context, PaymentSignals signals, PaymentProviderKind kind)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<PaymentOptions>>().Value.Provider != kind)
        {
            return Results.NotFound();
        }

        if (await ReadBodyAsync(context.Request, context.RequestAborted) is not { } body)
        {
            services.GetRequiredService<Infrastructure.Telemetry.ShopMetrics>().WebhooksRejected.Add(1); // unread; a bad signature is counted by PaymentSignals
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"An event is at most {MaxBodyBytes / 1024} KB.");
        }

        try
        {
            var outcome = await signals.ReceiveAsync(
                services.GetRequiredService<IPaymentProvider>(), body, context.Request.Headers[SignatureHeader], context.RequestAborted);
            return Results.Ok(new { received = outcome.GetType().Name });
        }
        catch (PaymentSignatureException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The event was not accepted.", detail: ex.Message);
        }
    }

    /// <returns>The body as text, or null when it is larger than <see cref="MaxBodyBytes"/>.</returns>
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        // Bytes that are not UTF-8 become replacement characters, and so fail the signature.
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
