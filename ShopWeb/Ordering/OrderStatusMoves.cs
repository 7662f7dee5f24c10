using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using ShopWeb.Catalog;
using ShopWeb.Data;

namespace ShopWeb.Ordering;

/// <summary>
/// The one way an order's status changes, for the shopper's "Cancel order" and the admin's moves alike:
/// Awaiting payment → Paid → Shipped → Delivered, or Cancelled / Refunded. Stock goes back when goods never left, and
/// the money of a paid card order that is cancelled (or moved to Refunded by hand) goes back in full (Payments/Refunds).
/// </summary>
/// <param name="services">Refunds are resolved only when a paid card order is cancelled: they move orders (to Refunded) too.</param>
public sealed class OrderStatusMoves(ShopDbContext db, CatalogCache catalogCache, TimeProvider clock, IServiceProvider services)
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.AwaitingPayment] = [OrderStatus.Paid, OrderStatus.Shipped, OrderStatus.Cancelled],
        [OrderStatus.Paid] = [OrderStatus.Shipped, OrderStatus.Cancelled, OrderStatus.Refunded],
        [OrderStatus.Shipped] = [OrderStatus.Delivered, OrderStatus.Refunded],
        [OrderStatus.Delivered] = [OrderStatus.Refunded],
        [OrderStatus.Cancelled] = [],
        [OrderStatus.Refunded] = [],
    };

    public static IReadOnlyList<OrderStatus> NextFrom(OrderStatus status) => Allowed[status];

    /// <summary>
    /// Whether the order may still be cancelled. Cancelled means the shop keeps no money: a paid card order's goes back
    /// by itself, but money paid by bank transfer or at the door the shop sends back by hand, and then moves the order
    /// to Refunded. Cancelling such an order would show it as never paid, with nothing recording the money.
    /// </summary>
    public static bool CanCancel(Order order) => MayCancel(order, order.Status);

    private static bool MayCancel(Order order, OrderStatus from) =>
        Allowed[from].Contains(OrderStatus.Cancelled) && (from == OrderStatus.AwaitingPayment || order.Payment == PaymentMethod.Card);

    /// <summary>
    /// The moves an admin may make. An unpaid card order is marked paid only by its provider's signal (by hand it
    /// would have no money behind it, and the real payment would then be flagged for refund); only an order paid on
    /// delivery ships unpaid, its money collected at the door (Delivered), so until then it has nothing to refund,
    /// unless it was marked paid before it shipped (<see cref="Order.PaidAt"/>).
    /// </summary>
    public static IReadOnlyList<OrderStatus> ByHandFrom(Order order) => order switch
    {
        { Status: OrderStatus.Shipped, Payment: PaymentMethod.PayOnDelivery, PaidAt: null } => [OrderStatus.Delivered],
        { Status: not OrderStatus.AwaitingPayment } => Allowed[order.Status].Where(to => to != OrderStatus.Cancelled || CanCancel(order)).ToList(),
        { Payment: PaymentMethod.Card } => [OrderStatus.Cancelled],
        { Payment: PaymentMethod.PayOnDelivery } => [OrderStatus.Shipped, OrderStatus.Paid, OrderStatus.Cancelled],
        _ => [OrderStatus.Paid, OrderStatus.Cancelled],
    };

    /// <summary>Moves that change money or stock, and so need a reason.</summary>
    public static bool NeedsReason(OrderStatus to) => to is OrderStatus.Cancelled or OrderStatus.Refunded;

    private static bool ReturnsStock(OrderStatus from, OrderStatus to) =>
        to == OrderStatus.Cancelled || (to == OrderStatus.Refunded && from is OrderStatus.AwaitingPayment or OrderStatus.Paid);

    /// <summary>The shopper's "Cancel order": from whatever status it is in now, which refuses one that cannot be cancelled any more.</summary>
    public Task<bool> CancelByShopperAsync(Order order, CancellationToken cancellationToken = default) =>
        MoveAsync(order, order.Status, OrderStatus.Cancelled, cancellationToken);

    /// <summary>
    /// Moves the order if it is still in <paramref name="from"/> (a conditional update: two clicks move it once)
    /// and the move is allowed. Pending changes in the context (an audit entry) are saved in the same transaction.
    /// </summary>
    /// <param name="andStill">More the order must still be, checked in the same conditional update.</param>
    /// <param name="byAdmin">The admin who moved it and why: the refund of a paid card order then carries both.</param>
    public async Task<bool> MoveAsync(Order order, OrderStatus from, OrderStatus to, CancellationToken cancellationToken = default,
        Expression<Func<Order, bool>>? andStill = null, (string AdminId, string Reason)? byAdmin = null)
    {
        if (!Allowed[from].Contains(to) || (to == OrderStatus.Cancelled && !MayCancel(order, from)))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Orders.Where(o => o.Id == order.Id && o.Status == from).Where(andStill ?? (o => true))
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(o => o.Status, to);
                if (to == OrderStatus.Paid)
                {
                    set.SetProperty(o => o.PaidAt, clock.GetUtcNow());
                }
            }, cancellationToken);
        if (moved == 0)
        {
            return false;
        }

        // To the variant that was sold (a deleted variant takes none back), in variant order, as checkouts take stock,
        // so the two never wait for each other in a circle.
        var returned = ReturnsStock(from, to) ? order.Lines.Where(l => l.VariantId is not null).OrderBy(l => l.VariantId).ToList() : [];
        foreach (var line in returned)
        {
            await db.ProductVariants.Where(v => v.Id == line.VariantId)
                .ExecuteUpdateAsync(set => set.SetProperty(v => v.Stock, v => v.Stock + line.Quantity), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (returned.Count > 0)
        {
            await catalogCache.StockChangedAsync(returned.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value));
        }

        // After the move commits: whoever cancels a paid card order (the admin, the shopper, the API), or moves it to
        // Refunded, what is left of its money goes back in full, once (the refund's key is the payment's own).
        if (to is OrderStatus.Cancelled or OrderStatus.Refunded && from != OrderStatus.AwaitingPayment && order.Payment == PaymentMethod.Card)
        {
            // Not the request's token: a shopper who closes the tab now must not leave a cancelled order unrefunded.
            await services.GetRequiredService<Payments.Refunds>().RefundInFullAsync(order.Id, to, byAdmin, CancellationToken.None);
        }

        return true;
    }
}
