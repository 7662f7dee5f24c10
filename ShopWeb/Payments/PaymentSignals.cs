using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Infrastructure.Telemetry;
using ShopWeb.Ordering;

namespace ShopWeb.Payments;

/// <summary>
/// The one way to "paid". A provider's webhook, the Test provider's events, the return page and the reconciler all
/// come here, and a payment is applied by one conditional update of the order (awaiting payment → paid) in the same
/// transaction as the payment's record, its confirmation email and the event's id. So whichever signal comes first, on
/// whichever instance, the order is paid once, one email is queued, and a duplicate, late or out-of-order signal
/// changes nothing. Money the order cannot take (a wrong amount or currency, an order cancelled or paid by another
/// session meanwhile) is kept on its payment as flagged, for the admin to refund: never lost, never paid twice.
/// </summary>
public sealed class PaymentSignals(ShopDbContext db, OrderEmails emails, OrderStatusMoves moves, TimeProvider clock, ShopMetrics metrics, ILogger<PaymentSignals> logger)
{
    /// <summary>Why an order is cancelled once its hold is over (the reconciler, a late "Pay now").</summary>
    public const string NotPaidWithinHold = "no card payment went through within its hold";

    private const int Attempts = 4;

    /// <summary>A signed event from a provider: checked, kept once by its id, applied.</summary>
    /// <exception cref="PaymentSignatureException">A bad or stale signature, or a body that is no event: nothing was done.</exception>
    public async Task<SignalOutcome> ReceiveAsync(IPaymentProvider provider, string body, string? signatureHeader, CancellationToken cancellationToken = default)
    {
        PaymentSignal signal;
        try
        {
            signal = provider.ReadSignal(body, signatureHeader);
            if (signal.Problem() is { } problem)
            {
                throw new PaymentSignatureException("The event is refused: " + problem);
            }
        }
        catch (PaymentSignatureException)
        {
            metrics.WebhooksRejected.Add(1);
            throw;
        }

        metrics.WebhooksReceived.Add(1);
        var outcome = await ApplyAsync(provider.Name, signal, cancellationToken);
        if (outcome is SignalOutcome.Duplicate)
        {
            metrics.WebhooksDuplicated.Add(1);
        }

        return outcome;
    }

    /// <summary>
    /// What the provider says of a session now (the return page, the reconciler): no event id, so nothing is kept but
    /// the effect. An open session changes nothing.
    /// </summary>
    public async Task<SignalOutcome> ApplyStatusAsync(IPaymentProvider provider, string sessionId, CancellationToken cancellationToken = default)
    {
        var status = await provider.GetSessionAsync(sessionId, cancellationToken);
        var kind = status.State switch
        {
            SessionState.Paid => PaymentSignalKind.Paid,
            SessionState.Failed => PaymentSignalKind.Failed,
            SessionState.Expired => PaymentSignalKind.Expired,
            _ => PaymentSignalKind.Ignored,
        };
        var signal = new PaymentSignal(EventId: "", Type: "status." + status.State.ToString().ToLowerInvariant(), kind, sessionId,
            status.AmountMinor, status.Currency, status.ProviderPaymentId);
        return await ApplyAsync(provider.Name, signal, cancellationToken);
    }

    /// <summary>Applies one signal; an empty <see cref="PaymentSignal.EventId"/> (a status asked for) is not kept.</summary>
    public async Task<SignalOutcome> ApplyAsync(string provider, PaymentSignal signal, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var outcome = await ApplyOnceAsync(provider, signal, cancellationToken);
                Count(outcome);
                if (outcome is SignalOutcome.Expired { CancelOrder: true, OrderId: var orderId })
                {
                    await CancelUnpaidAsync(orderId, "its card payment ended unpaid", cancellationToken);
                }

                return outcome;
            }
            catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
            {
                // The event's id is taken: the same event, delivered again (perhaps at this very moment, elsewhere).
                db.ChangeTracker.Clear();
                return new SignalOutcome.Duplicate();
            }
            catch (Exception ex) when (StoreErrors.IsBusy(ex) && attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                logger.LogWarning("The store was busy applying a payment event (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>Counted once committed: whichever signal applied or flagged a payment, it did so here only once.</summary>
    private void Count(SignalOutcome outcome)
    {
        if (outcome is SignalOutcome.Paid)
        {
            metrics.PaymentsApplied.Add(1);
        }
        else if (outcome is SignalOutcome.Flagged)
        {
            metrics.PaymentsFlagged.Add(1);
        }
    }

    private async Task<SignalOutcome> ApplyOnceAsync(string provider, PaymentSignal signal, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        await using var transaction = await StoreLocks.BeginAsync(db, "payment:" + provider + ":" + signal.SessionId, cancellationToken);
        if (signal.EventId.Length > 0)
        {
            // Under the session's lock a redelivery finds its event here, quietly; the unique key stays the guarantee.
            if (await db.PaymentEvents.AnyAsync(e => e.Provider == provider && e.EventId == signal.EventId, cancellationToken))
            {
                return new SignalOutcome.Duplicate();
            }

            db.PaymentEvents.Add(new PaymentEvent { Provider = provider, EventId = signal.EventId, Type = signal.Type, SessionId = signal.SessionId, ReceivedAt = now });
            await db.SaveChangesAsync(cancellationToken); // a duplicate fails here, on the unique key, before any effect
        }

        var payment = signal.SessionId is null || signal.Kind is PaymentSignalKind.Ignored or PaymentSignalKind.Refunded
            ? null
            : await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Provider == provider && p.SessionId == signal.SessionId, cancellationToken);
        SignalOutcome outcome = payment is null
            ? new SignalOutcome.Ignored()
            : signal.Kind switch
            {
                PaymentSignalKind.Paid => await PayAsync(payment, signal, now, cancellationToken),
                PaymentSignalKind.Failed => await EndAsync(payment, PaymentStatus.Failed, cancellationToken),
                _ => await EndAsync(payment, PaymentStatus.Expired, cancellationToken),
            };
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private async Task<SignalOutcome> PayAsync(Payment payment, PaymentSignal signal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (payment.Status is PaymentStatus.Paid or PaymentStatus.Flagged)
        {
            return new SignalOutcome.AlreadyApplied(payment.OrderId);
        }

        var flag = signal.AmountMinor != payment.AmountMinor || !string.Equals(signal.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase)
            ? $"The provider took {signal.AmountMinor} {signal.Currency} (minor units) for a payment of {payment.AmountMinor} {payment.Currency}: not applied; refund it."
            : null;

        // The one conditional update: only an order still awaiting payment becomes paid, and only once.
        var paid = flag is null && await db.Orders
            .Where(o => o.Id == payment.OrderId && o.Status == OrderStatus.AwaitingPayment)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.Status, OrderStatus.Paid).SetProperty(o => o.PaidAt, now), cancellationToken) == 1;
        if (!paid && flag is null)
        {
            var status = await db.Orders.Where(o => o.Id == payment.OrderId).Select(o => o.Status).SingleAsync(cancellationToken);
            flag = status == OrderStatus.Cancelled
                ? "Paid after the order was cancelled: refund it."
                : "Paid while the order was already paid by another payment: refund it.";
        }

        await db.Payments.Where(p => p.Id == payment.Id).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.Status, paid ? PaymentStatus.Paid : PaymentStatus.Flagged)
            .SetProperty(p => p.Flag, flag)
            .SetProperty(p => p.CapturedMinor, signal.AmountMinor)
            .SetProperty(p => p.ProviderPaymentId, signal.ProviderPaymentId)
            .SetProperty(p => p.PaidAt, now), cancellationToken);

        if (!paid)
        {
            logger.LogWarning("Payment {PaymentId} of order {OrderId} flagged: {Flag}", payment.Id, payment.OrderId, flag);
            return new SignalOutcome.Flagged(payment.OrderId, flag!);
        }

        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
        emails.AddConfirmation(order); // saved with the payment: one email, whichever signal paid it
        logger.LogInformation("Order {Number} paid by card", order.Number);
        return new SignalOutcome.Paid(payment.OrderId);
    }

    /// <summary>A failed or ended session. An order with no other session open then holds no stock any more (cancelled after this commits).</summary>
    private async Task<SignalOutcome> EndAsync(Payment payment, PaymentStatus to, CancellationToken cancellationToken)
    {
        var ended = await db.Payments
            .Where(p => p.Id == payment.Id && (p.Status == PaymentStatus.Open || (to == PaymentStatus.Expired && p.Status == PaymentStatus.Failed)))
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.Status, to), cancellationToken);
        if (to == PaymentStatus.Failed)
        {
            return new SignalOutcome.Failed(payment.OrderId);
        }

        var otherOpen = await db.Payments.AnyAsync(p => p.OrderId == payment.OrderId && p.Id != payment.Id && p.Status == PaymentStatus.Open, cancellationToken);
        return new SignalOutcome.Expired(payment.OrderId, CancelOrder: ended == 1 && !otherOpen);
    }

    /// <summary>
    /// Cancels the order if it is still awaiting payment and has no session open (one conditional update: never a paid
    /// one, never while a page opened meanwhile, by "Pay now", can still be paid; that page's own end cancels it) and
    /// returns its stock; safe twice. A session open past its expiry (one of a provider the shop no longer runs, say)
    /// cannot be paid and holds nothing.
    /// </summary>
    /// <param name="why">For the log: "Order … cancelled: {why}".</param>
    public async Task CancelUnpaidAsync(int orderId, string why, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.Id == orderId, cancellationToken);
        var now = clock.GetUtcNow();
        if (order.Status == OrderStatus.AwaitingPayment && await moves.MoveAsync(order, OrderStatus.AwaitingPayment, OrderStatus.Cancelled, cancellationToken,
                andStill: o => !o.Payments.Any(p => p.Status == PaymentStatus.Open && p.ExpiresAt > now)))
        {
            logger.LogInformation("Order {Number} cancelled: {Why}; stock returned", order.Number, why);
        }
    }
}

/// <summary>What a signal did.</summary>
public abstract record SignalOutcome
{
    private SignalOutcome()
    {
    }

    /// <summary>This signal paid the order.</summary>
    public sealed record Paid(int OrderId) : SignalOutcome;

    /// <summary>An earlier signal had already paid (or flagged) this payment.</summary>
    public sealed record AlreadyApplied(int OrderId) : SignalOutcome;

    /// <summary>The money was kept on the payment, flagged for the admin, and the order not paid.</summary>
    public sealed record Flagged(int OrderId, string Reason) : SignalOutcome;

    public sealed record Failed(int OrderId) : SignalOutcome;

    public sealed record Expired(int OrderId, bool CancelOrder) : SignalOutcome;

    /// <summary>The same event id was received before: nothing done.</summary>
    public sealed record Duplicate : SignalOutcome;

    /// <summary>A type the shop does not handle, or a session it does not know: nothing done.</summary>
    public sealed record Ignored : SignalOutcome;
}
