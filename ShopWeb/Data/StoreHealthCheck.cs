using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ShopWeb.Data;

/// <summary>Ready means the store opens and its schema is the one this build expects.</summary>
internal sealed class StoreHealthCheck(ShopDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The store cannot be opened.");
            }

            return await ShopStore.HasPendingMigrationsAsync(db, cancellationToken)
                ? HealthCheckResult.Unhealthy("The store has migrations that are not applied.")
                : HealthCheckResult.Healthy();
        }
        catch (DbException ex)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", ex);
        }
    }
}
