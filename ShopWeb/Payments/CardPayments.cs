using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Payments;

/// <summary>
/// Starts a card payment for an order awaiting one: a hosted session at the provider for the order's own lines,
/// shipping and tax, kept as a <see cref="Payment"/>. Used by the checkout, by "Pay now" on the order page and by the
/// API alike. The other sessions of the order are ended as soon as the new one is kept, so the shopper never holds
/// two pages of one order that could both be paid, even when two starts run at once.
/// </summary>
public sealed class CardPayments(ShopDbContext db, IPaymentProvider provider, PaymentSignals signals, PublicLinks links, IOptions<PaymentOptions> options, TimeProvider clock)
{
    /// <summary>The address the provider sends the shopper back to; it names the attempt, nothing to trust.</summary>
    public string ReturnUrl(string attemptKey) => new Uri(links.BaseUrl, "checkout/return?attempt=" + attemptKey).ToString();

    /// <returns>
    /// The new payment (its <see cref="Payment.Url"/> is the hosted page); past the order's hold, the page still open, if
    /// any; or null when the order is not awaiting a card payment any more.
    /// </returns>
    public async Task<Payment?> StartAsync(int orderId, CancellationToken cancellationToken = default)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Payments)
            .SingleAsync(o => o.Id == orderId, cancellationToken);
        if (order is not { Payment: PaymentMethod.Card, Status: OrderStatus.AwaitingPayment })
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (order.PlacedAt + options.Value.Hold <= now)
        {
            // Past its hold no new page is opened, so no one holds the stock longer by asking again: a page still open
            // keeps the rest of its own hold (a "Pay now" near the end of the order's hold gets a whole one, the least a
            // hosted session lasts). With none, what the provider says of its sessions (paid a moment ago, or ended) is
            // applied, which pays or cancels the order, as the reconciler would a minute later; one with no session left
            // to end (a start that failed, or an end being applied elsewhere this moment) is cancelled here.
            if (order.Payments.Where(Unfinished).Where(p => p.Status == PaymentStatus.Open && p.ExpiresAt > now).MaxBy(p => p.CreatedAt) is { } stillOpen)
            {
                return stillOpen;
            }

            if (!await EndOpenSessionsAsync(order, cancellationToken))
            {
                await signals.CancelUnpaidAsync(order.Id, PaymentSignals.NotPaidWithinHold, cancellationToken);
            }

            return null;
        }

        var lines = SessionLines(order);
        var attemptKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var request = new SessionRequest(order.Number, order.Currency, lines, order.Email, ReturnUrl(attemptKey), ReturnUrl(attemptKey) + "&cancelled=true",
            clock.GetUtcNow() + options.Value.Hold, attemptKey);
        if (request.TotalMinor != order.TotalMinor)
        {
            throw new InvalidOperationException($"Order {order.Number}'s lines, shipping and tax add up to {request.TotalMinor}, not its total {order.TotalMinor}.");
        }

        var session = await provider.CreateSessionAsync(request, cancellationToken);
        var payment = new Payment
        {
            OrderId = order.Id,
            Provider = provider.Name,
            SessionId = session.SessionId,
            AttemptKey = attemptKey,
            Url = session.Url,
            Status = PaymentStatus.Open,
            AmountMinor = order.TotalMinor,
            Currency = order.Currency,
            CreatedAt = clock.GetUtcNow(),
            ExpiresAt = session.ExpiresAt,
        };
        db.ChangeTracker.Clear();
        db.Payments.Add(payment);
        await db.SaveChangesAsync(cancellationToken);

        // Only then are the other unfinished sessions ended at the provider, and what it says of each applied: one paid
        // a moment ago pays the order (and the page kept is ended below). They are read again now, not taken from
        // before: starts at the same moment (a double click on "Pay now", an app calling twice) each kept a page, and
        // the order's newest page is the one left, whoever opened it. Every start reads after keeping its own, so the
        // last to read sees them all and ends every other: one page stays payable, and no start ends it. It is kept
        // before the others end, so the end of the last of them, wherever it is applied (the provider's webhook for the
        // very expiry asked for here, the reconciler), finds a session still open and leaves the order awaiting payment.
        var unfinished = (await db.Payments.AsNoTracking().Where(p => p.OrderId == order.Id).ToListAsync(cancellationToken)).Where(Unfinished).ToList();
        var kept = unfinished.MaxBy(p => p.Id) ?? payment;
        foreach (var ended in unfinished.Where(p => p.Id != kept.Id))
        {
            await provider.ExpireSessionAsync(ended.SessionId, cancellationToken);
            await signals.ApplyStatusAsync(provider, ended.SessionId, cancellationToken);
        }

        // A signal elsewhere may have paid or cancelled the order since it was read (an earlier session paid, the end
        // of the last one applied): the page kept is then ended at once, so it can never be paid.
        if (await db.Orders.Where(o => o.Id == order.Id).Select(o => o.Status).SingleAsync(cancellationToken) != OrderStatus.AwaitingPayment)
        {
            await provider.ExpireSessionAsync(kept.SessionId, cancellationToken);
            await signals.ApplyStatusAsync(provider, kept.SessionId, cancellationToken);
            return null;
        }

        return kept;
    }

    /// <summary>
    /// What the hosted page lists: the order's lines, then shipping and tax. At most <see cref="SessionRequest.MaxLines"/>:
    /// a cart may hold 100 lines, and Stripe Checkout refuses more than 100 items, so the last goods lines are then shown
    /// as one, "N more items", with their amount (the lines still add up to the order's total).
    /// </summary>
    internal static List<SessionLine> SessionLines(Order order)
    {
        var extras = new List<SessionLine>();
        if (order.ShippingMinor > 0)
        {
            extras.Add(new SessionLine("Shipping", order.ShippingMinor, 1));
        }

        if (order.TaxMinor > 0)
        {
            extras.Add(new SessionLine("Tax", order.TaxMinor, 1));
        }

        // "Leather Gloves (M / Blue)": two variants of one product are told apart on the provider's page and receipt.
        var goods = order.Lines.Select(l => new SessionLine(VariantNames.Full(l.ProductName, l.OptionText), l.UnitPriceMinor, l.Quantity)).ToList();
        var room = SessionRequest.MaxLines - extras.Count;
        if (goods.Count > room)
        {
            var folded = goods[(room - 1)..];
            goods = [.. goods[..(room - 1)], new SessionLine($"{folded.Sum(l => l.Quantity)} more items", folded.Sum(l => l.UnitAmountMinor * l.Quantity), 1)];
        }

        return [.. goods, .. extras];
    }

    /// <summary>Sessions that could still be paid: open ones, and declined ones (a shopper may try another card on the same page).</summary>
    private bool Unfinished(Payment payment) => payment.Status is PaymentStatus.Open or PaymentStatus.Failed && payment.Provider == provider.Name;

    /// <summary>
    /// Ends the order's open sessions at the provider, then applies what the provider says of each (before a new
    /// attempt, and before the shopper's "Cancel order"): a session paid a moment ago wins, and the order is then paid.
    /// An ended session with no other open cancels the order as its expiry would (<see cref="PaymentSignals"/>).
    /// </summary>
    /// <param name="order">Loaded with its payments.</param>
    /// <returns>Whether one of them turned out paid.</returns>
    /// <remarks>Ends declined sessions too, which the Test provider's page could still take another card on.</remarks>
    public async Task<bool> EndOpenSessionsAsync(Order order, CancellationToken cancellationToken = default)
    {
        foreach (var open in order.Payments.Where(Unfinished))
        {
            await provider.ExpireSessionAsync(open.SessionId, cancellationToken);
            if (await signals.ApplyStatusAsync(provider, open.SessionId, cancellationToken) is SignalOutcome.Paid or SignalOutcome.AlreadyApplied)
            {
                return true;
            }
        }

        return false;
    }
}
