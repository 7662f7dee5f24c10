using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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

            inUse ??= StoreLock.TryShare(DataSource) ?? throw new IOException("a restore of it is running");
        }

        if (options.MigrateOnStartup)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            if (IsPostgres)
            {
                await Postgres.PostgresMigrations.MigrateAsync(db, ConnectionString, cancellationToken);
            }
            else
            {
                await MigrateIfPendingAsync(db, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Applies the pending migrations, and only when there are some: MigrateAsync first checks the model against the
    /// migrations' snapshot, building both models from their conventions, about a second of a cold start. That check
    /// is MigrationsTests' job; on a store already up to date it has nothing to guard. Both stores migrate this way.
    /// </summary>
    internal static async Task MigrateIfPendingAsync(ShopDbContext db, CancellationToken cancellationToken)
    {
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    public void Dispose() => inUse?.Dispose();

    private static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
        || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
