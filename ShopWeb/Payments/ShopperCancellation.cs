using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Ordering;

namespace ShopWeb.Payments;

/// <summary>
/// The shopper's "Cancel order", for the order page and the API alike. A card order's open sessions are ended at the
/// provider first and what it says of them applied, so a payment made a moment ago wins (the order is then paid, not
/// cancelled) and no session is left that could still take money for a cancelled order.
/// </summary>
public sealed class ShopperCancellation(ShopDbContext db, CardPayments cardPayments, OrderStatusMoves moves)
{
    public async Task<CancelOutcome> CancelAsync(int orderId, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        var before = order.Status;
        if (order is { Payment: PaymentMethod.Card, Status: OrderStatus.AwaitingPayment })
        {
            if (await cardPayments.EndOpenSessionsAsync(order, cancellationToken))
            {
                return CancelOutcome.PaidMeanwhile;
            }

            order = await LoadAsync(orderId, cancellationToken); // ending its last session may have cancelled it already
        }

        return (before != OrderStatus.Cancelled && order.Status == OrderStatus.Cancelled) || await moves.CancelByShopperAsync(order, cancellationToken)
            ? CancelOutcome.Cancelled
            : CancelOutcome.NotCancellable;
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
}
