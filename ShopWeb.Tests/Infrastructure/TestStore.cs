using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ShopWeb.Tests.Infrastructure;

/// <summary>
/// The store of a test's shop, and a way to read or arrange it from outside the shop. SQLite files by default; when
/// <c>SHOPWEB_TEST_POSTGRES</c> holds a connection string to a PostgreSQL server's maintenance database, a database
/// of its own on that server instead, created empty for the test folder and dropped with it.
/// </summary>
public sealed class TestStore
{
    public const string Variable = "SHOPWEB_TEST_POSTGRES";

    private TestStore(string? postgresDatabase, string connectionString)
    {
        PostgresDatabase = postgresDatabase;
        ConnectionString = connectionString;
    }

    /// <summary>The server's maintenance database, when the suite runs on PostgreSQL.</summary>
    public static string? PostgresServer { get; } = System.Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    public static bool OnPostgres => PostgresServer is not null;

    public bool IsPostgres => PostgresDatabase is not null;

    /// <summary>The value for <c>ConnectionStrings:Shop</c>.</summary>
    public string ConnectionString { get; }

    private string? PostgresDatabase { get; }

    /// <summary>The shop's settings for this store, as configuration keys.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Database:Provider"] = IsPostgres ? "Postgres" : "Sqlite",
        ["ConnectionStrings:Shop"] = ConnectionString,
    };

    /// <summary>The same settings as environment variables, for a shop in a process of its own.</summary>
    public Dictionary<string, string> Environment => Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);

    /// <summary>
    /// The store of a test folder: its shop.db, or on PostgreSQL the database named after the folder, created when
    /// missing. A shop started again on the same folder finds its data again either way.
    /// </summary>
    public static TestStore For(string folder)
    {
        if (PostgresServer is null)
        {
            return new TestStore(null, $"Data Source={Path.Combine(folder, "shop.db")}");
        }

        var name = DatabaseNameFor(folder);
        using (var server = new NpgsqlConnection(PostgresServer))
        {
            server.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", server) { Parameters = { new() { Value = name } } };
            if (exists.ExecuteScalar() is null)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
                create.ExecuteNonQuery();
            }
        }

        return OnServer(name);
    }

    /// <summary>
    /// On PostgreSQL, makes the folder's database a copy of <paramref name="template"/>'s (which no connection may hold
    /// open meanwhile): <see cref="For"/> then finds it made.
    /// </summary>
    public static void CopyDatabase(TestStore template, string folder)
    {
        using var server = new NpgsqlConnection(PostgresServer);
        server.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseNameFor(folder)}\" TEMPLATE \"{template.PostgresDatabase}\"", server);
        create.ExecuteNonQuery();
    }

    /// <summary>Removes the folder and, on PostgreSQL, the database that belongs to it.</summary>
    public static void Delete(string folder)
    {
        (PostgresServer is null ? new TestStore(null, "") : OnServer(DatabaseNameFor(folder))).Drop();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open elsewhere; the OS temp cleaner gets it.
        }
    }

    /// <summary>Closes every pooled connection to the store and, on PostgreSQL, drops its database.</summary>
    public void Drop()
    {
        SqliteConnection.ClearAllPools();
        if (PostgresDatabase is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        using var server = new NpgsqlConnection(PostgresServer);
        server.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{PostgresDatabase}\" WITH (FORCE)", server);
        drop.ExecuteNonQuery();
    }

    private static TestStore OnServer(string database) =>
        new(database, new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ConnectionString);

    private static string DatabaseNameFor(string folder) =>
        "shopweb_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder))))[..20];

    /// <summary>Runs a query through a connection of its own that no pool keeps open. Quote names ("Orders") for PostgreSQL.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
    {
        await using var connection = Open(readOnly: true);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = Open(readOnly: false);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private DbConnection Open(bool readOnly) => IsPostgres
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString)
        {
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = false,
        }.ConnectionString);
}
