using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopWeb.Configuration;

namespace ShopWeb.Data;

/// <summary>Where the SQLite file lives and how it is made ready: its folder created, its migrations applied.</summary>
public sealed class ShopStore
{
    private readonly DatabaseOptions options;

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

    public async Task PrepareAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        if (!IsInMemory(DataSource) && Path.GetDirectoryName(DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        if (options.MigrateOnStartup)
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ShopDbContext>().Database.MigrateAsync(cancellationToken);
        }
    }

    private static bool IsInMemory(string dataSource) =>
        dataSource.Length == 0 || dataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
        || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
