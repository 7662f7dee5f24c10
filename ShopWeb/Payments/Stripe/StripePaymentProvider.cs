using System.Net;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace ShopWeb.Payments.Stripe;

/// <summary>
/// Stripe Checkout (<c>Payments:Provider=Stripe</c>) through Stripe.net, the official client: a Checkout Session in
/// payment mode for the order's own lines, shipping and tax; its state asked for by the return page and the
/// reconciler; refunds by payment intent with the refund's own idempotency key; events checked by Stripe.net's
/// <see cref="EventUtility"/> on the shop's clock.
/// </summary>
public sealed class StripePaymentProvider(IStripeClient client, IOptions<PaymentOptions> options, TimeProvider clock) : IPaymentProvider
{
    public const string ProviderName = "Stripe";

    /// <summary>Stripe's own default, and what the shop promises: an event older than this is refused.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    // Stripe keeps a session open for at least 30 minutes after it creates it, and refuses an expires_at closer than
    // that. The shop's hold starts a moment before the request reaches Stripe, so a 30-minute hold gets a minute more.
    private static readonly TimeSpan ShortestSession = TimeSpan.FromMinutes(31);

    public string Name => ProviderName;

    public string? HostedPageOrigin => "https://checkout.stripe.com"; // where every Checkout Session's url points

    public async Task<HostedSession> CreateSessionAsync(SessionRequest request, CancellationToken cancellationToken)
    {
        var currency = request.Currency.ToLowerInvariant();
        var earliest = clock.GetUtcNow() + ShortestSession;
        var session = await new SessionService(client).CreateAsync(new SessionCreateOptions
        {
            Mode = "payment",
            LineItems = [.. request.Lines.Select(line => new SessionLineItemOptions
            {
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = currency,
                    UnitAmount = StripeAmounts.ToStripe(line.UnitAmountMinor, request.Currency),
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = line.Name },
                },
                Quantity = line.Quantity,
            })],
            ClientReferenceId = request.OrderNumber,
            CustomerEmail = request.CustomerEmail,
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            ExpiresAt = (request.ExpiresAt < earliest ? earliest : request.ExpiresAt).UtcDateTime,
            Metadata = new() { ["order_number"] = request.OrderNumber },
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new() { ["order_number"] = request.OrderNumber } },
        }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);
        return new HostedSession(session.Id, session.Url, new DateTimeOffset(DateTime.SpecifyKind(session.ExpiresAt, DateTimeKind.Utc)));
    }

    public async Task<SessionStatus> GetSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var session = await new SessionService(client).GetAsync(sessionId, cancellationToken: cancellationToken);
        var state = (session.Status, session.PaymentStatus) switch
        {
            ("complete", "paid" or "no_payment_required") => SessionState.Paid,
            ("expired", _) => SessionState.Expired,
            _ => SessionState.Open, // open, or complete with a delayed payment (a bank debit) still under way
        };
        var currency = session.Currency?.ToUpperInvariant() ?? "";
        return new SessionStatus(session.Id, state, StripeAmounts.FromStripe(session.AmountTotal ?? 0, currency), currency, session.PaymentIntentId);
    }

    public async Task ExpireSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var sessions = new SessionService(client);
        try
        {
            await sessions.ExpireAsync(sessionId, cancellationToken: cancellationToken);
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.BadRequest)
        {
            // Stripe refuses to expire a session that is no longer open (complete or expired): an ended one stays as it
            // is. Asked rather than read from the error's text, which Stripe does not promise.
            if ((await sessions.GetAsync(sessionId, cancellationToken: cancellationToken)).Status == "open")
            {
                throw;
            }
        }
    }

    public async Task<ProviderRefund> RefundAsync(ProviderRefundRequest request, CancellationToken cancellationToken)
    {
        var paymentIntent = request.ProviderPaymentId
            ?? (await new SessionService(client).GetAsync(request.SessionId, cancellationToken: cancellationToken)).PaymentIntentId;
        try
        {
            var refund = await new RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = paymentIntent,
                Amount = StripeAmounts.ToStripe(request.AmountMinor, request.Currency),
            }, new RequestOptions { IdempotencyKey = request.IdempotencyKey }, cancellationToken);

            // pending and requires_action are accepted refunds still on their way; failed and canceled are not.
            return new ProviderRefund(refund.Id, refund.Status is not ("failed" or "canceled"));
        }
        catch (StripeException ex) when (ex.HttpStatusCode == HttpStatusCode.BadRequest && ex.StripeError?.Type == "invalid_request_error")
        {
            // Refused for good (more than is left to refund, a payment that was never captured): the same request would
            // be refused again. Network faults, Stripe's own errors and idempotency conflicts are thrown, to be retried.
            return new ProviderRefund("", Succeeded: false);
        }
    }

    public PaymentSignal ReadSignal(string body, string? signatureHeader)
    {
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw new PaymentSignatureException("The event carries no Stripe-Signature.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signatureHeader, options.Value.Stripe.WebhookSecret,
                (long)Tolerance.TotalSeconds, clock.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bad or stale signature (StripeException), a malformed header or a body that is no event: nothing to trust.
            throw new PaymentSignatureException("The Stripe event is refused: " + ex.Message);
        }

        try
        {
            return Read(stripeEvent);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OverflowException)
        {
            // Signed, yet an amount that is no whole amount of its currency (StripeAmounts): nothing Stripe sends.
            throw new PaymentSignatureException($"The Stripe event {stripeEvent.Id} is refused: {ex.Message}");
        }
    }

    private static PaymentSignal Read(Event stripeEvent)
    {
        var kind = PaymentSignalKinds.Of(stripeEvent.Type, (stripeEvent.Data?.Object as Session)?.PaymentStatus);
        switch (kind, stripeEvent.Data?.Object)
        {
            case (PaymentSignalKind.Refunded, Charge charge):
                var chargeCurrency = charge.Currency?.ToUpperInvariant() ?? "";
                return new PaymentSignal(stripeEvent.Id, stripeEvent.Type, kind, null,
                    StripeAmounts.FromStripe(charge.AmountRefunded, chargeCurrency), chargeCurrency, charge.PaymentIntentId);
            case (_, Session session):
                var currency = session.Currency?.ToUpperInvariant() ?? "";
                return new PaymentSignal(stripeEvent.Id, stripeEvent.Type, kind, session.Id,
                    StripeAmounts.FromStripe(session.AmountTotal ?? 0, currency), currency, session.PaymentIntentId);
            case (PaymentSignalKind.Ignored, _):
                return new PaymentSignal(stripeEvent.Id, stripeEvent.Type, kind, null, 0, null, null);
            default:
                throw new PaymentSignatureException($"The Stripe event {stripeEvent.Id} ({stripeEvent.Type}) carries no object of its type.");
        }
    }
}
