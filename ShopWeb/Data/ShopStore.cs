using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Data;

/// <summary>
/// Where the SQLite file lives and how it is made ready: its folder created, the store marked in use (so a restore
/// waits for the shop to stop), its migrations applied.
/// </summary>
public sealed class ShopStore : IDisposable
{
    private readonly DatabaseOptions options;
    private StoreLock? inUse;

    public ShopStore(IOptions<DatabaseOptions> options, IHostEnvironment environment)
    {
        this.options = options.Value;
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

    public string DataSource { get; }

    /// <summary>False for an in-memory store, which has no file to lock, back up or restore.</summary>
    public bool IsFile => !IsInMemory(DataSource);

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
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.MigrateAsync(cancellationToken);
        }
    }

    public void Dispose() => inUse?.Dispose();

    private static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
        || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
