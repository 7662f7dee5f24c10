namespace ShopWeb.Configuration;

/// <summary>The <c>Database</c> section, plus <c>ConnectionStrings:Shop</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringKey = "ConnectionStrings:Shop";

    public string Provider { get; set; } = "Sqlite";

    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// <c>ConnectionStrings:Shop</c> as configured; relative SQLite paths are resolved against the content root
    /// by <see cref="Data.ShopStore"/>, not the process's current directory.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=App_Data/shop.db";
}
