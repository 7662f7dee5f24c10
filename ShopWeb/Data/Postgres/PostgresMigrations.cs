using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ShopWeb.Data.Postgres;

/// <summary>
/// Applies the migrations while holding a session advisory lock on a connection of its own, so instances starting
/// together on one database apply them one after the other: EF's own lock (LOCK TABLE on the history table) did not
/// keep two starts on an empty database apart, and the second failed on objects the first was creating.
/// </summary>
internal static class PostgresMigrations
{
    private const string LockKey = "shopweb:migrations";

    public static async Task MigrateAsync(ShopDbContext db, string connectionString, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(db, cancellationToken);
        await using var session = new NpgsqlConnection(connectionString);
        await session.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", session))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = LockKey });
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        // EF reads the history table before it makes it, and logs an error for every first start where it is missing.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);

        // Another instance may have applied them while this one waited. Closing the session releases the lock, however
        // the migration ends.
        if (await ShopStore.HasPendingMigrationsAsync(db, cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>Creates the database when it is missing and the user may; two instances doing so at once both go on.</summary>
    private static async Task EnsureDatabaseAsync(ShopDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Another instance created it a moment ago.
        }
    }
}
