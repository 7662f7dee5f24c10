using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace ShopWeb.Data;

/// <summary>
/// Sets up each physical SQLite connection once: WAL lets readers go on while one writer commits, and the busy
/// timeout makes a writer wait for the lock instead of failing at once with "database is locked".
/// Microsoft.Data.Sqlite pools its native connections, and a pooled one keeps its settings, so a connection the
/// pool hands out again is not set up again: that would be three statements more on every query of every page.
/// Deleted content is overwritten (secure_delete): details a shopper erased, or an account deleted, leave no bytes
/// behind in the file for someone who copies it to read.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public const int BusyTimeoutMilliseconds = 5_000;

    private static readonly string Pragmas =
        $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;";

    // EF checks that the file exists through a read-only connection, which cannot switch a store that is not in
    // WAL yet (a restored backup, say); the shop's first read-write connection does.
    private static readonly string ReadOnlyPragmas = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";

    public static readonly SqliteConnectionSetup Instance = new();

    // Keyed by the native handle, which lives as long as the physical connection and is forgotten with it.
    private readonly ConditionalWeakTable<sqlite3, object> prepared = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (PragmasFor(connection) is { } pragmas)
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            command.ExecuteNonQuery();
            Prepared(connection);
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (PragmasFor(connection) is { } pragmas)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Prepared(connection);
        }
    }

    /// <summary>The statements a connection still needs, or null when its physical connection already ran them.</summary>
    private string? PragmasFor(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } && prepared.TryGetValue(handle, out _))
        {
            return null;
        }

        return new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly ? ReadOnlyPragmas : Pragmas;
    }

    // Marked only once the statements ran: a connection whose set-up failed (a busy store) is set up at its next use.
    private void Prepared(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            prepared.AddOrUpdate(handle, this);
        }
    }
}
