using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Payments;

/// <summary>
/// Cancelling an order, by its shopper ("Cancel order", on the order page and in the API) or by an admin ("Move
/// order"). A card order's open sessions are ended at the provider first and what it says of them applied, so a payment
/// made a moment ago wins (the order is then paid, not cancelled) and no session is left that could still take money
/// for a cancelled order.
/// </summary>
public sealed class OrderCancellation(ShopDbContext db, CardPayments cardPayments, OrderStatusMoves moves, ILogger<OrderCancellation> logger)
{
    /// <summary>The shopper's "Cancel order".</summary>
    public async Task<CancelOutcome> CancelAsync(int orderId, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        var before = order.Status;
        Order? now;
        try
        {
            now = await EndCardSessionsAsync(order, cancellationToken);
        }
        catch (PaymentProviderUnavailableException)
        {
            return CancelOutcome.ProviderUnavailable;
        }

        if (now is null)
        {
            return CancelOutcome.PaidMeanwhile;
        }

        order = now;
        return (before != OrderStatus.Cancelled && order.Status == OrderStatus.Cancelled) || await moves.CancelByShopperAsync(order, cancellationToken)
            ? CancelOutcome.Cancelled
            : CancelOutcome.NotCancellable;
    }

    /// <summary>
    /// The step before any cancel of an unpaid card order: its sessions ended, so none can still take money.
    /// </summary>
    /// <param name="order">Loaded with its lines and payments.</param>
    /// <returns>The order as it is now (ending its last session may have cancelled it already), or null when one of
    /// its sessions turned out paid: the order is paid now.</returns>
    /// <exception cref="PaymentProviderUnavailableException">The provider could not be asked: nothing may be cancelled,
    /// as a session left open could still take money.</exception>
    public async Task<Order?> EndCardSessionsAsync(Order order, CancellationToken cancellationToken = default)
    {
        if (order is not { Payment: PaymentMethod.Card, Status: OrderStatus.AwaitingPayment })
        {
            return order;
        }

        bool paid;
        try
        {
            paid = await cardPayments.EndOpenSessionsAsync(order, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not end the card sessions of order {Number}, so it was not cancelled", order.Number);
            throw new PaymentProviderUnavailableException(ex);
        }

        return paid ? null : await LoadAsync(order.Id, cancellationToken);
    }

    private Task<Order> LoadAsync(int orderId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Payments).SingleAsync(o => o.Id == orderId, cancellationToken);
}

public enum CancelOutcome
{
    Cancelled,

    /// <summary>A card payment went through a moment before: the order is paid, not cancelled.</summary>
    PaidMeanwhile,

    NotCancellable,

    /// <summary>The payment provider did not answer: the order's open session could not be ended, so nothing changed.</summary>
    ProviderUnavailable,
}

/// <summary>The payment provider could not be asked to end a card order's sessions (its network, its 5xx, its rate limit).</summary>
public sealed class PaymentProviderUnavailableException(Exception inner)
    : Exception("The payment provider did not answer.", inner);
