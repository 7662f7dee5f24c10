using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ShopWeb.Data;

/// <summary>
/// Transactions that take turns, for work that reads and then writes what a concurrent one could change between the
/// two (a cart, the seeding of an empty store, an admin's checks). On SQLite every write transaction takes turns:
/// Microsoft.Data.Sqlite begins IMMEDIATE transactions, which hold the one write lock from their first statement. On
/// PostgreSQL, transactions for the same keys wait for each other through transaction-scoped advisory locks, and
/// the others go on.
/// </summary>
internal static class StoreLocks
{
    public static async Task<IDbContextTransaction> BeginAsync(ShopDbContext db, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // Always in the same order, so two transactions that need the same two keys cannot deadlock.
            foreach (var key in keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
            }
        }

        return transaction;
    }

    public static Task<IDbContextTransaction> BeginAsync(ShopDbContext db, string key, CancellationToken cancellationToken = default) =>
        BeginAsync(db, [key], cancellationToken);
}
