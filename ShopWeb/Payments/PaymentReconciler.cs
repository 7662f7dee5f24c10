using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;
using ShopWeb.Ordering;

namespace ShopWeb.Payments;

/// <summary>
/// What a lost webhook would leave behind, put right by asking the provider. Every minute it looks at each card payment
/// still open that is past its hold, or open longer than a webhook takes to come, and applies what the provider says
/// of it through <see cref="PaymentSignals"/> (the one way to "paid"): so a paid order is never left unpaid, and a
/// session past its hold that the provider still calls open is ended there first (so it can no longer be paid) and
/// its order cancelled, stock back. Then it cancels the card orders still awaiting payment whose every payment ended
/// (or that have none: a start that failed) once their hold is over, and sends again the refunds the provider did not answer.
/// <para>
/// Every instance runs it at once: an instance claims a payment before asking about it by moving its
/// <see cref="Payment.CheckedAt"/> on, a conditional update only one instance wins, so one works on a payment at a time,
/// and asks the provider about it at most once per <see cref="Recheck"/>. What it applies is safe twice anyway.
/// </para>
/// </summary>
internal sealed class PaymentReconciler(IServiceScopeFactory scopes, IOptions<PaymentOptions> options, TimeProvider clock, ILogger<PaymentReconciler> logger)
    : ClockedJob(clock, logger)
{
    private const int Batch = 100;

    /// <summary>
    /// A webhook comes within seconds of a payment; one still open this long after its session began may have been
    /// lost (or may be a shopper still on the hosted page, which costs one question to the provider a minute).
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a claim keeps every instance off a payment: under the period, so the next minute's run (this instance's
    /// or another's) asks again; well over what one question takes, so two instances never ask at once.
    /// </summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(50);

    /// <summary>
    /// Every minute: a paid order whose webhook was lost waits at most a minute past <see cref="Grace"/>, and an ended
    /// session gives its stock back within a minute of its hold; each run costs one indexed query when nothing is due.
    /// </summary>
    protected override TimeSpan Every => TimeSpan.FromMinutes(1);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        await CheckOpenPaymentsAsync(cancellationToken);
        await CancelEndedOrdersAsync(cancellationToken);
        await RetryPendingRefundsAsync(cancellationToken);
    }

    /// <summary>
    /// Refunds the provider did not answer (a timeout, an outage) are sent again, with their own key, so the provider
    /// makes the one refund it may already have made and the shopper's money does not wait for an admin's "Send again".
    /// Only those older than <see cref="Grace"/>, so the request that reserved one has had its answer. Safe on every
    /// instance at once: the provider makes one refund per key, and only the answer that moves it from pending counts.
    /// </summary>
    private async Task RetryPendingRefundsAsync(CancellationToken cancellationToken)
    {
        var before = Clock.GetUtcNow() - Grace;
        List<(int OrderId, int RefundId)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>().Name;
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            due = await db.Refunds
                .Where(r => r.Status == RefundStatus.Pending && r.CreatedAt <= before
                    && db.Payments.Any(p => p.Id == r.PaymentId && p.Provider == provider))
                .OrderBy(r => r.Id).Take(Batch).Select(r => new ValueTuple<int, int>(r.OrderId, r.Id)).ToListAsync(cancellationToken);
        }

        foreach (var (orderId, refundId) in due)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<Refunds>().RetryAsync(orderId, refundId, cancellationToken);
                Logger.LogInformation("Refund {RefundId} of order {OrderId}, sent again: {Outcome}", refundId, orderId, outcome.GetType().Name);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Logger.LogWarning(ex, "Sending refund {RefundId} again failed; a later run tries again", refundId);
            }
        }
    }

    private async Task CheckOpenPaymentsAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var (lost, free) = (now - Grace, now - Recheck);
        var after = 0;
        List<int> due;
        do
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                // Only the payments of the provider the shop runs now: a session of another one cannot be asked about.
                var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>().Name;
                due = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Payments
                    .Where(p => p.Id > after && p.Provider == provider && p.Status == PaymentStatus.Open
                        && (p.ExpiresAt <= now || p.CreatedAt <= lost) && (p.CheckedAt == null || p.CheckedAt <= free))
                    .OrderBy(p => p.Id).Select(p => p.Id).Take(Batch).ToListAsync(cancellationToken);
            }

            foreach (var id in due)
            {
                await CheckAsync(id, cancellationToken);
            }

            after = due.LastOrDefault();
        }
        while (due.Count == Batch);
    }

    /// <summary>One payment, in a scope of its own; a failure is logged and the run goes on with the next.</summary>
    private async Task CheckAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<ShopDbContext>();
            var now = Clock.GetUtcNow();
            if (!await ClaimAsync(db, id, PaymentStatus.Open, now, cancellationToken))
            {
                return; // another instance is on it, or a signal ended it meanwhile
            }

            var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
            var provider = services.GetRequiredService<IPaymentProvider>();
            var signals = services.GetRequiredService<PaymentSignals>();
            var outcome = await signals.ApplyStatusAsync(provider, payment.SessionId, cancellationToken);
            if (outcome is SignalOutcome.Ignored && payment.ExpiresAt <= now)
            {
                // Past its hold and still open at the provider (Stripe ends sessions on its own, but not to the second):
                // ended there, it can no longer be paid; then what it says is final (paid, if the shopper just paid).
                await provider.ExpireSessionAsync(payment.SessionId, cancellationToken);
                outcome = await signals.ApplyStatusAsync(provider, payment.SessionId, cancellationToken);
            }

            if (outcome is not SignalOutcome.Ignored)
            {
                Logger.LogInformation("Payment {PaymentId} of order {OrderId}, checked with {Provider}: {Outcome}", id, payment.OrderId, provider.Name, outcome);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Logger.LogWarning(ex, "Checking payment {PaymentId} with its provider failed; a later run tries again", id);
        }
    }

    private async Task CancelEndedOrdersAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var placedBefore = now - options.Value.Hold;
        var after = 0;
        List<int> due;
        do
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                // No session open (of this provider: one of a provider the shop no longer runs cannot be asked about, and
                // past its end it cannot be paid), and none that may still be paid on its page (a declined card may try
                // again until it ends).
                var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>().Name;
                due = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Orders
                    .Where(o => o.Id > after && o.Status == OrderStatus.AwaitingPayment && o.Payment == PaymentMethod.Card && o.PlacedAt <= placedBefore
                        && !o.Payments.Any(p => (p.Status == PaymentStatus.Open && p.Provider == provider) || p.ExpiresAt > now))
                    .OrderBy(o => o.Id).Select(o => o.Id).Take(Batch).ToListAsync(cancellationToken);
            }

            foreach (var id in due)
            {
                await CancelEndedAsync(id, cancellationToken);
            }

            after = due.LastOrDefault();
        }
        while (due.Count == Batch);
    }

    private async Task CancelEndedAsync(int orderId, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var db = services.GetRequiredService<ShopDbContext>();
            var provider = services.GetRequiredService<IPaymentProvider>();
            var signals = services.GetRequiredService<PaymentSignals>();

            // A declined card may have been paid on the same page afterwards, its webhook lost: asked about first, so
            // a paid order is never cancelled here. (A payment that comes even later is flagged for a refund, never lost.)
            var failed = await db.Payments.AsNoTracking()
                .Where(p => p.OrderId == orderId && p.Status == PaymentStatus.Failed && p.Provider == provider.Name)
                .Select(p => new { p.Id, p.SessionId }).ToListAsync(cancellationToken);
            foreach (var payment in failed)
            {
                if (!await ClaimAsync(db, payment.Id, PaymentStatus.Failed, Clock.GetUtcNow(), cancellationToken))
                {
                    return; // another instance is on this order
                }

                if (await signals.ApplyStatusAsync(provider, payment.SessionId, cancellationToken) is SignalOutcome.Paid or SignalOutcome.AlreadyApplied)
                {
                    return;
                }
            }

            await signals.CancelUnpaidAsync(orderId, PaymentSignals.NotPaidWithinHold, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Logger.LogWarning(ex, "Cancelling the unpaid card order {OrderId} failed; a later run tries again", orderId);
        }
    }

    /// <summary>The claim: moves <see cref="Payment.CheckedAt"/> on if no instance did within <see cref="Recheck"/>. One wins.</summary>
    private static async Task<bool> ClaimAsync(ShopDbContext db, int paymentId, PaymentStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var free = now - Recheck;
        return await db.Payments
            .Where(p => p.Id == paymentId && p.Status == status && (p.CheckedAt == null || p.CheckedAt <= free))
            .ExecuteUpdateAsync(set => set.SetProperty(p => p.CheckedAt, now), cancellationToken) == 1;
    }
}
