using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Data;
using ShopWeb.Infrastructure;

namespace ShopWeb.Ordering;

/// <summary>
/// Deletes guest carts untouched for <see cref="CartOptions.GuestDays"/> (their lines go with them); a signed-in
/// shopper's cart stays. Safe on every instance at once: each run only deletes.
/// </summary>
internal sealed class GuestCartExpiry(IServiceScopeFactory scopes, IOptions<CartOptions> options, TimeProvider clock, ILogger<GuestCartExpiry> logger)
    : ClockedJob(clock, logger)
{
    protected override TimeSpan Every => TimeSpan.FromHours(1);

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var before = Clock.GetUtcNow() - TimeSpan.FromDays(options.Value.GuestDays);
        var deleted = await db.Carts.Where(c => c.UserId == null && c.UpdatedAt < before).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            Logger.LogInformation("Deleted {Count} guest carts untouched since {Before}", deleted, before);
        }
    }
}
