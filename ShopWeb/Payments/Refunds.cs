using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Admin;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Payments;

/// <summary>
/// Sends a card payment's money back, in full or in part, for the admin's "Refund" and for a paid card order that is
/// cancelled. The amount is reserved on the payment first by a conditional update (<c>RefundedMinor + amount &lt;=
/// CapturedMinor</c>), in the same transaction as the <see cref="Refund"/> row (its idempotency key unique) and the
/// audit entry; so two refunds at once never exceed what was taken, and the same form posted twice makes one refund:
/// the second finds the first by its key. The provider is asked afterwards, outside any transaction (a remote call),
/// with that key as its <c>Idempotency-Key</c>, so a retry makes the same single refund there too. Its answer marks
/// the refund Succeeded (the shopper's email queued with it, the order Refunded once all it took went back) or Failed
/// (the reserved amount given back to the payment, once).
/// </summary>
public sealed class Refunds(
    ShopDbContext db,
    IPaymentProvider provider,
    AdminAudit audit,
    OrderEmails emails,
    OrderStatusMoves moves,
    IHttpContextAccessor http,
    TimeProvider clock,
    Infrastructure.Telemetry.ShopMetrics metrics,
    ILogger<Refunds> logger)
{
    /// <summary>The reason of the refund a cancelled paid card order gets on its own.</summary>
    public const string CancelledReason = "Order cancelled";

    /// <summary>The reason of the refund a paid card order moved to Refunded by hand gets on its own.</summary>
    public const string RefundedReason = "Order refunded";

    private const int Attempts = 4;

    /// <summary>A new idempotency key, for a refund form when it is shown.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>What is left to refund on a payment: taken, less what went back or is on its way back.</summary>
    public static long LeftMinor(Payment payment) =>
        payment.Status is PaymentStatus.Paid or PaymentStatus.Flagged ? Math.Max(0, payment.CapturedMinor - payment.RefundedMinor) : 0;

    /// <summary>Refunds <paramref name="amountMinor"/> of one of the order's card payments, once per <paramref name="idempotencyKey"/>.</summary>
    public Task<RefundOutcome> RefundAsync(
        int orderId, int paymentId, long amountMinor, string reason, string idempotencyKey, CancellationToken cancellationToken = default) =>
        RefundAsync(orderId, paymentId, amountMinor, reason, idempotencyKey, http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);

    /// <param name="requestedBy">The admin who asked; null when the shop refunds on its own.</param>
    private async Task<RefundOutcome> RefundAsync(
        int orderId, int paymentId, long amountMinor, string reason, string idempotencyKey, string? requestedBy, CancellationToken cancellationToken)
    {
        if (amountMinor <= 0)
        {
            return new RefundOutcome.Refused("Enter an amount more than 0.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return new RefundOutcome.Refused("Give a reason for the refund.");
        }

        var reserved = await ReserveAsync(orderId, paymentId, amountMinor, reason.Trim(), idempotencyKey, requestedBy, cancellationToken);
        return reserved switch
        {
            Reservation.Made made => await SendAsync(made.Refund, made.Payment, again: false, cancellationToken),
            Reservation.Found { Refund.Status: RefundStatus.Pending } found => await SendAsync(found.Refund, found.Payment, again: true, cancellationToken),
            Reservation.Found found => new RefundOutcome.Done(found.Refund, Again: true),
            Reservation.No no => no.Outcome,
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Asks the provider again for a refund still pending (it did not answer): the same key, so the same single refund.</summary>
    public async Task<RefundOutcome> RetryAsync(int orderId, int refundId, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear();
        var refund = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == refundId && r.OrderId == orderId, cancellationToken);
        if (refund is null)
        {
            return new RefundOutcome.Refused("This order has no such refund.");
        }

        if (refund.Status != RefundStatus.Pending)
        {
            return new RefundOutcome.Done(refund, Again: true);
        }

        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, cancellationToken);
        return await SendAsync(refund, payment, again: true, cancellationToken);
    }

    /// <summary>
    /// A paid card order was cancelled, or moved to Refunded by hand (<see cref="OrderStatusMoves"/>): what its payments
    /// took goes back in full, with a key of its own per payment, so this refund is made once however often it is asked for.
    /// </summary>
    /// <param name="byAdmin">The admin who closed it and their reason; null when the shopper or the shop did.</param>
    public async Task RefundInFullAsync(int orderId, OrderStatus closedAs, (string AdminId, string Reason)? byAdmin, CancellationToken cancellationToken = default)
    {
        var (reason, keyPrefix) = closedAs == OrderStatus.Cancelled ? (CancelledReason, "cancelled-") : (RefundedReason, "refunded-");
        reason = byAdmin?.Reason.Trim() is { Length: > 0 } given ? given : reason;
        var requestedBy = byAdmin?.AdminId;
        db.ChangeTracker.Clear();
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Paid && p.CapturedMinor > p.RefundedMinor)
            .ToListAsync(cancellationToken);
        foreach (var payment in payments)
        {
            try
            {
                var outcome = await RefundAsync(orderId, payment.Id, LeftMinor(payment), reason, keyPrefix + payment.Id, requestedBy, cancellationToken);
                if (outcome is RefundOutcome.TooMuch { LeftMinor: > 0 } less)
                {
                    // An admin's refund was reserved since the payment was read: the rest is what is left now.
                    outcome = await RefundAsync(orderId, payment.Id, less.LeftMinor, reason, keyPrefix + payment.Id, requestedBy, cancellationToken);
                }

                logger.LogInformation("Order {OrderId} {Status}; its payment {PaymentId} refunded in full: {Outcome}", orderId, closedAs, payment.Id, outcome.GetType().Name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The cancellation stands; the refund stays pending, sent again by the reconciler or the admin's "Send again".
                logger.LogError(ex, "Order {OrderId} is {Status} but the refund of its payment {PaymentId} could not be sent", orderId, closedAs, payment.Id);
            }
        }
    }

    private async Task<Reservation> ReserveAsync(
        int orderId, int paymentId, long amountMinor, string reason, string key, string? requestedBy, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReserveOnceAsync(orderId, paymentId, amountMinor, reason, key, requestedBy, cancellationToken);
            }
            catch (DbUpdateException ex) when (StoreErrors.IsUniqueViolation(ex))
            {
                // The key is taken: the same form, posted at this very moment in another request, made the refund.
                db.ChangeTracker.Clear();
                if (await FindAsync(key, cancellationToken) is { } found)
                {
                    return found;
                }
            }
            catch (Exception ex) when (StoreErrors.IsBusy(ex) && attempt < Attempts)
            {
                db.ChangeTracker.Clear();
                logger.LogWarning("The store was busy reserving a refund (attempt {Attempt}); trying again", attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken);
            }
        }
    }

    private async Task<Reservation> ReserveOnceAsync(
        int orderId, int paymentId, long amountMinor, string reason, string key, string? requestedBy, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await StoreLocks.BeginAsync(db, "refund:" + paymentId, cancellationToken);
        if (await FindAsync(key, cancellationToken) is { } found)
        {
            return found;
        }

        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        var payment = await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Id == paymentId && p.OrderId == orderId, cancellationToken);
        if (order is null || payment is null || order.Payment != PaymentMethod.Card)
        {
            return new Reservation.No(new RefundOutcome.Refused(
                "This order was not paid by card here: refund it the way it was paid, then move it to Refunded."));
        }

        if (payment.Status is not (PaymentStatus.Paid or PaymentStatus.Flagged) || payment.CapturedMinor == 0)
        {
            return new Reservation.No(new RefundOutcome.Refused("This card payment took no money, so there is nothing to refund."));
        }

        if (payment.Provider != provider.Name)
        {
            return new Reservation.No(new RefundOutcome.Refused(
                $"This payment was taken by {payment.Provider}, which the shop is not set up for now: refund it there."));
        }

        // The conditional update: never more back than was taken, however many refunds run at once.
        var taken = await db.Payments
            .Where(p => p.Id == paymentId && (p.Status == PaymentStatus.Paid || p.Status == PaymentStatus.Flagged)
                && p.RefundedMinor + amountMinor <= p.CapturedMinor)
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.RefundedMinor, p => p.RefundedMinor + amountMinor), cancellationToken);
        if (taken == 0)
        {
            return new Reservation.No(new RefundOutcome.TooMuch(LeftMinor(payment), payment.Currency));
        }

        var refund = new Refund
        {
            OrderId = orderId,
            PaymentId = paymentId,
            AmountMinor = amountMinor,
            Currency = payment.Currency,
            Reason = reason,
            IdempotencyKey = key,
            Status = RefundStatus.Pending,
            RequestedBy = requestedBy,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Refunds.Add(refund);
        if (http.HttpContext is not null)
        {
            audit.Record("order.refund", "Order", order.Number,
                new { Payment = payment.Id, RefundedMinor = payment.RefundedMinor },
                new { Payment = payment.Id, RefundedMinor = payment.RefundedMinor + amountMinor, AmountMinor = amountMinor, payment.Currency, IdempotencyKey = key },
                reason);
        }

        await db.SaveChangesAsync(cancellationToken); // a key posted twice at once fails here, on the unique key
        await transaction.CommitAsync(cancellationToken);
        return new Reservation.Made(refund, payment);
    }

    private async Task<Reservation.Found?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var refund = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == key, cancellationToken);
        return refund is null ? null : new Reservation.Found(refund, await db.Payments.AsNoTracking().SingleAsync(p => p.Id == refund.PaymentId, cancellationToken));
    }

    /// <summary>The remote call, outside any transaction; then the refund's outcome, applied once.</summary>
    private async Task<RefundOutcome> SendAsync(Refund refund, Payment payment, bool again, CancellationToken cancellationToken)
    {
        ProviderRefund answer;
        try
        {
            answer = await provider.RefundAsync(
                new ProviderRefundRequest(payment.SessionId, payment.ProviderPaymentId, refund.AmountMinor, refund.Currency, refund.IdempotencyKey), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The provider did not take refund {RefundId}; it stays pending, to send again with the same key", refund.Id);
            return new RefundOutcome.Pending(refund);
        }

        db.ChangeTracker.Clear();
        await using (var transaction = await StoreLocks.BeginAsync(db, "refund:" + payment.Id, cancellationToken))
        {
            var to = answer.Succeeded ? RefundStatus.Succeeded : RefundStatus.Failed;
            var marked = await db.Refunds.Where(r => r.Id == refund.Id && r.Status == RefundStatus.Pending)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.Status, to).SetProperty(r => r.ProviderRefundId, answer.RefundId.Length > 0 ? answer.RefundId : null), cancellationToken);
            if (marked == 1 && answer.Succeeded)
            {
                var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == refund.OrderId, cancellationToken);
                emails.AddRefunded(order, refund); // one email: only the request that marks it succeeded queues it
            }
            else if (marked == 1)
            {
                await db.Payments.Where(p => p.Id == payment.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(p => p.RefundedMinor, p => p.RefundedMinor - refund.AmountMinor), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            if (marked == 1 && answer.Succeeded)
            {
                metrics.PaymentsRefunded.Add(1); // only the request that marked it succeeded: once per refund
            }
        }

        var made = await db.Refunds.AsNoTracking().SingleAsync(r => r.Id == refund.Id, cancellationToken);
        if (made.Status == RefundStatus.Failed)
        {
            return new RefundOutcome.Failed(made);
        }

        await MoveToRefundedIfAllBackAsync(refund.OrderId, cancellationToken);
        return new RefundOutcome.Done(made, again);
    }

    /// <summary>An order whose card payment went back in full becomes Refunded, where its status allows (not a cancelled one).</summary>
    private async Task MoveToRefundedIfAllBackAsync(int orderId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Payments).Include(o => o.Refunds)
            .SingleAsync(o => o.Id == orderId, cancellationToken);
        var allBack = PaymentStates.Of(order) == PaymentState.Refunded && order.Refunds.All(r => r.Status != RefundStatus.Pending);
        if (!allBack || !OrderStatusMoves.NextFrom(order.Status).Contains(OrderStatus.Refunded))
        {
            return;
        }

        if (http.HttpContext is not null)
        {
            audit.Record("order.status", "Order", order.Number, new { order.Status }, new { Status = OrderStatus.Refunded }, "Refunded in full");
        }

        if (await moves.MoveAsync(order, order.Status, OrderStatus.Refunded, cancellationToken))
        {
            logger.LogInformation("Order {Number} refunded in full", order.Number);
        }

        db.ChangeTracker.Clear();
    }

    private abstract record Reservation
    {
        public sealed record Made(Refund Refund, Payment Payment) : Reservation;

        public sealed record Found(Refund Refund, Payment Payment) : Reservation;

        public sealed record No(RefundOutcome Outcome) : Reservation;
    }
}

/// <summary>What a refund request came to.</summary>
public abstract record RefundOutcome
{
    private RefundOutcome()
    {
    }

    /// <summary>The provider made it (<paramref name="Again"/>: an earlier request with the same key had, or was making, it).</summary>
    public sealed record Done(Refund Refund, bool Again) : RefundOutcome;

    /// <summary>Reserved, but the provider did not answer: send it again (the same key makes the same single refund).</summary>
    public sealed record Pending(Refund Refund) : RefundOutcome;

    /// <summary>The provider refused it; the amount is back on the payment, to refund again.</summary>
    public sealed record Failed(Refund Refund) : RefundOutcome;

    /// <summary>More than what is left on the payment.</summary>
    public sealed record TooMuch(long LeftMinor, string Currency) : RefundOutcome;

    /// <summary>Not a refund the shop can make (no amount, no reason, not a card payment that took money).</summary>
    public sealed record Refused(string Message) : RefundOutcome;
}
