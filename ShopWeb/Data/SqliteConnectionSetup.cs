using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopWeb.Data;

/// <summary>
/// Runs on every connection the shop opens: WAL lets readers go on while one writer commits, and the busy
/// timeout makes a writer wait for the lock instead of failing at once with "database is locked".
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public const int BusyTimeoutMilliseconds = 5_000;

    private static readonly string Pragmas =
        $"PRAGMA journal_mode = WAL; PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";

    // EF checks that the file exists through a read-only connection, which cannot switch a store that is not in
    // WAL yet (a restored backup, say); the shop's first read-write connection does.
    private static readonly string ReadOnlyPragmas = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};";

    public static readonly SqliteConnectionSetup Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = PragmasFor(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string PragmasFor(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly ? ReadOnlyPragmas : Pragmas;
}
