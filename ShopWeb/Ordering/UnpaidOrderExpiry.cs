using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Ordering;

/// <summary>
/// Cancels bank-transfer orders still unpaid <see cref="OrderOptions.UnpaidDays"/> after they were placed, so no order
/// holds stock for ever: stock goes back through <see cref="OrderStatusMoves"/>, and the shopper is told by email in the
/// same transaction. Safe on every instance at once: the move is a conditional update, so an order is cancelled (and
/// its stock returned, and its email queued) by one of them only, and never once it was paid meanwhile.
/// </summary>
internal sealed class UnpaidOrderExpiry(IServiceScopeFactory scopes, IOptions<OrderOptions> options, TimeProvider clock, ILogger<UnpaidOrderExpiry> logger)
    : ClockedJob(clock, logger)
{
    private const int Batch = 100;

    protected override TimeSpan Every => TimeSpan.FromMinutes(15);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var before = Clock.GetUtcNow() - TimeSpan.FromDays(options.Value.UnpaidDays);
        List<int> due;
        do
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                due = await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Orders
                    .Where(o => o.Status == OrderStatus.AwaitingPayment && o.Payment == PaymentMethod.BankTransfer && o.PlacedAt <= before)
                    .OrderBy(o => o.Id).Select(o => o.Id).Take(Batch).ToListAsync(cancellationToken);
            }

            foreach (var id in due)
            {
                await CancelAsync(id, cancellationToken);
            }
        }
        while (due.Count == Batch);
    }

    private async Task CancelAsync(int id, CancellationToken cancellationToken)
    {
        // A scope per order: an email added for an order another instance cancelled first is never saved.
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var order = await services.GetRequiredService<ShopDbContext>().Orders.Include(o => o.Lines).SingleAsync(o => o.Id == id, cancellationToken);
        services.GetRequiredService<OrderEmails>().AddCancelledUnpaid(order, options.Value.PayBy(order)!.Value);
        if (await services.GetRequiredService<OrderStatusMoves>().MoveAsync(order, OrderStatus.AwaitingPayment, OrderStatus.Cancelled, cancellationToken))
        {
            Logger.LogInformation("Cancelled order {Number}: no bank transfer arrived within {Days} days", order.Number, options.Value.UnpaidDays);
        }
    }
}
