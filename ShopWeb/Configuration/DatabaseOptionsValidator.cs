using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace ShopWeb.Configuration;

internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    // PostgreSQL needs its own migrations; until they ship, only the embedded store is offered.
    public static readonly string[] SupportedProviders = ["Sqlite"];

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (!SupportedProviders.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail(
                $"Database:Provider '{options.Provider}' is not supported; allowed values: {string.Join(", ", SupportedProviders)}.");
        }

        SqliteConnectionStringBuilder connection;
        try
        {
            connection = new SqliteConnectionStringBuilder(options.ConnectionString);
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
}
