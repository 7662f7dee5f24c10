using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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
        await EnsureDatabaseAsync(connectionString, cancellationToken);
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

    /// <summary>
    /// Creates the database when it is missing and the user may; two instances doing so at once both go on. Asked of
    /// the server's own postgres database with Npgsql alone: EF's creator logs a failed CREATE DATABASE (the second
    /// instance's) as an error, and an operator alerting on errors would be woken by a healthy first start.
    /// </summary>
    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var database = new NpgsqlConnection(connectionString);
            await database.OpenAsync(cancellationToken);
            return;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // Missing: made below.
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var name = target.Database ?? target.Username; // as Npgsql names a database left out
        var server = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name?.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another instance created it a moment ago (two creating at once can also meet on pg_database's unique name).
        }
    }
}
