namespace ShopWeb.Configuration;

/// <summary>The <c>Database</c> section, plus <c>ConnectionStrings:Shop</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringKey = "ConnectionStrings:Shop";
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    public string Provider { get; set; } = Sqlite;

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// <c>ConnectionStrings:Shop</c> as configured: a SQLite connection string (relative paths are resolved against the
    /// content root by <see cref="Data.ShopStore"/>, not the process's current directory) or an Npgsql one.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=App_Data/shop.db";

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the configuration asks for PostgreSQL, for the registrations made before options can be validated;
    /// a wrong provider is reported at start by the validator.
    /// </summary>
    public static bool IsPostgresIn(IConfiguration configuration) =>
        string.Equals(configuration[$"{Section}:{nameof(Provider)}"], Postgres, StringComparison.OrdinalIgnoreCase);
}
