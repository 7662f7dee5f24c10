using Microsoft.EntityFrameworkCore;
using ShopWeb.Data;
using ShopWeb.Data.Postgres;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>
/// Each provider's migration set describes the model as it is: a change to an entity or its configuration without
/// its migrations fails here, for SQLite and PostgreSQL alike, on whichever store the suite runs.
/// </summary>
public sealed class MigrationsTests
{
    private const string AddOne = "add a migration: dotnet ef migrations add <Name> --project ShopWeb --context {0} --output-dir {1} (see README)";

    [Fact]
    public async Task The_SQLite_migrations_are_current_with_the_model()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Shop"] = "Data Source=:memory:" });

        var (type, pending) = await shop.WithDbAsync(db => Task.FromResult((db.GetType(), db.Database.HasPendingModelChanges())));

        Assert.Equal(typeof(ShopDbContext), type);
        Assert.False(pending, string.Format(System.Globalization.CultureInfo.InvariantCulture, AddOne, nameof(ShopDbContext), "Data/Migrations"));
    }

    [Fact]
    public async Task The_PostgreSQL_migrations_are_current_with_the_model()
    {
        // The model needs no server; the shop starts without one and says so on /health/ready.
        using var shop = new ShopFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Shop"] = $"Host=127.0.0.1;Port={AppProcess.FreePort()};Database=model-only;Username=shop;Timeout=3",
            ["Database:MigrateOnStartup"] = "false",
        });

        var (type, pending) = await shop.WithDbAsync(db => Task.FromResult((db.GetType(), db.Database.HasPendingModelChanges())));

        Assert.Equal(typeof(PostgresShopDbContext), type);
        Assert.False(pending, string.Format(System.Globalization.CultureInfo.InvariantCulture, AddOne, nameof(PostgresShopDbContext), "Data/Migrations/Postgres"));
    }
}
