using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;
using ShopWeb.Configuration;

namespace ShopWeb.Data;

/// <summary>
/// Where the store lives and how it is made ready. A SQLite file has its folder created and is marked in use (so a
/// restore waits for the shop to stop); a PostgreSQL database is used as it is named. Either way its migrations are
/// applied under a lock, so instances starting together apply them once.
/// </summary>
public sealed class ShopStore : IDisposable
{
    private readonly DatabaseOptions options;
    private StoreLock? inUse;

    public ShopStore(IOptions<DatabaseOptions> options, IHostEnvironment environment)
    {
        this.options = options.Value;
        if (this.options.IsPostgres)
        {
            var server = new NpgsqlConnectionStringBuilder(this.options.ConnectionString);
            DataSource = $"{server.Database} on {server.Host}:{server.Port}";
            ConnectionString = server.ConnectionString;
            return;
        }

        var connection = new SqliteConnectionStringBuilder(this.options.ConnectionString);
        if (!IsInMemory(connection.DataSource) && !Path.IsPathRooted(connection.DataSource))
        {
            // SQLite resolves relative paths against the process's current directory; the shop's data belongs to the content root.
            connection.DataSource = Path.GetFullPath(Path.Combine(environment.ContentRootPath, connection.DataSource));
        }

        DataSource = connection.DataSource;
        ConnectionString = connection.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The SQLite file, or for PostgreSQL the database and its server, as messages name the store.</summary>
    public string DataSource { get; }

    public bool IsPostgres => options.IsPostgres;

    /// <summary>Whether <see cref="PrepareAsync"/> applies the pending migrations (Database:MigrateOnStartup): then a prepared store is up to date.</summary>
    public bool MigratesOnStartup => options.MigrateOnStartup;

    /// <summary>False for PostgreSQL and for an in-memory SQLite store: no file to lock, back up or restore.</summary>
    public bool IsFile => !IsPostgres && !IsInMemory(DataSource);

    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (IsFile)
        {
            if (Path.GetDirectoryName(DataSource) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            StoreFile.CreateOwnerOnly(DataSource);

            inUse ??= StoreLock.TryShare(DataSource) ?? throw new IOException("a restore of it is running");
        }

        if (!MigratesOnStartup)
        {
            return; // the operator's migrations: a store that cannot be read is said by /health/ready
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var applied = await AppliedMigrationsAsync(db, cancellationToken);
        if (applied?.Except(db.Database.GetMigrations(), StringComparer.Ordinal).Order(StringComparer.Ordinal).LastOrDefault() is { } unknown)
        {
            // Old code on a newer schema (a release rolled back over its store) could misread or lose what the newer one
            // keeps: refused, as restore refuses such a file.
            throw new IOException($"it comes from a newer ShopWeb or another app: this version does not know its migration {unknown}. "
                + "Start the version that made it, or restore a backup this version made");
        }

        if (Pending(db, applied))
        {
            if (IsPostgres)
            {
                await Postgres.PostgresMigrations.MigrateAsync(db, ConnectionString, cancellationToken);
            }
            else
            {
                await SqliteMigrations.MigrateAsync(scope.ServiceProvider.GetRequiredService<DbContextOptions<ShopDbContext>>(), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether the store lacks a migration of this build: it has none yet (no history table, or on PostgreSQL no
    /// database), or its history misses one. EF's own answer (<c>GetPendingMigrationsAsync</c>, and
    /// <c>MigrateAsync</c>'s check of the model against the migrations' snapshot) first builds the history table's
    /// model, and MigrateAsync both models, from their conventions: a tenth of a cold start for the first, about a
    /// second for the second, on a store with nothing to apply. Here the history is one statement. Whether the model
    /// lags the migrations is MigrationsTests' job. Every start still applies what is pending, and a store that
    /// cannot be opened still fails with its own error.
    /// </summary>
    internal static async Task<bool> HasPendingMigrationsAsync(ShopDbContext db, CancellationToken cancellationToken = default) =>
        Pending(db, await AppliedMigrationsAsync(db, cancellationToken));

    private static bool Pending(ShopDbContext db, IReadOnlySet<string>? applied) =>
        applied is null || db.Database.GetMigrations().Any(m => !applied.Contains(m));

    /// <summary>The migrations the store's history records; null for a store with none yet (no history table, no database).</summary>
    private static async Task<IReadOnlySet<string>?> AppliedMigrationsAsync(ShopDbContext db, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        // Opened past EF, which logs a failed open as an error: on a first start the database is missing, as expected.
        var connection = db.Database.GetDbConnection();
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"""SELECT "MigrationId" FROM "{HistoryRepository.DefaultTableName}" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (DbException ex) when (IsNewStore(ex))
        {
            return null;
        }
        finally
        {
            await connection.CloseAsync();
        }

        return applied;
    }

    /// <summary>No history table (SQLite's "no such table", PostgreSQL's undefined table), or no database yet.</summary>
    private static bool IsNewStore(DbException ex) => ex is SqliteException { SqliteErrorCode: 1 }
        || ex is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidCatalogName };

    public void Dispose() => inUse?.Dispose();

    private static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
        || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
