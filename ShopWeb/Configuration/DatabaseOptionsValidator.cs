using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ShopWeb.Configuration;

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public static readonly string[] SupportedProviders = [DatabaseOptions.Sqlite, DatabaseOptions.Postgres];

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!SupportedProviders.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider '{options.Provider}' is not supported; allowed values: {string.Join(", ", SupportedProviders)}.");
        }

        return options.IsPostgres ? ValidatePostgres(options.ConnectionString) : ValidateSqlite(options.ConnectionString);
    }

    private static ValidateOptionsResult ValidateSqlite(string connectionString)
    {
        SqliteConnectionStringBuilder connection;
        try
        {
            connection = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is not a valid SQLite connection string: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(connection.DataSource))
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} must name a database file, for example 'Data Source=App_Data/shop.db'.");
        }

        // A shared cache serialises every connection behind one lock and defeats WAL's concurrent readers.
        return connection.Cache == SqliteCacheMode.Shared
            ? ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} must not use Cache=Shared.")
            : ValidateOptionsResult.Success;
    }

    private static ValidateOptionsResult ValidatePostgres(string connectionString)
    {
        NpgsqlConnectionStringBuilder connection;
        try
        {
            connection = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            return ValidateOptionsResult.Fail($"{DatabaseOptions.ConnectionStringKey} is not a valid PostgreSQL connection string: {ex.Message}");
        }

        if (string.IsNullOrWhiteSpace(connection.Host) || string.IsNullOrWhiteSpace(connection.Database))
        {
            return ValidateOptionsResult.Fail(
                $"{DatabaseOptions.ConnectionStringKey} must name a host and a database, for example 'Host=db.example;Database=shop;Username=shop;Password=…'.");
        }

        return ValidateOptionsResult.Success;
    }
}
