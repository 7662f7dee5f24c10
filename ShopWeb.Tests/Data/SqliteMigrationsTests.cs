using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ShopWeb.Data;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>
/// A migration that fails on SQLite leaves the store as it was, and the next start applies it whole. The
/// ProductVariants migration rebuilds tables (it drops the products' stock column), which EF splits into three
/// transactions; the failure is made at its very last step, the history row, by a trigger standing for a full disk.
/// </summary>
public sealed class SqliteMigrationsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("shopweb-migration-").FullName;

    [SqliteOnlyFact("EF splits only SQLite's table rebuilds into several transactions; PostgreSQL changes tables in place")]
    public async Task A_migration_that_fails_at_its_last_step_changes_nothing_and_the_next_start_applies_it()
    {
        var store = TestStore.For(folder);
        int product;
        await using (var db = OldStores.ContextFor(store))
        {
            await db.GetService<IMigrator>().MigrateAsync(OldStores.Before(db, "ProductVariants"));
            await using var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var category = await OldStores.InsertAsync(connection, """
                INSERT INTO "Categories" ("Name", "Slug", "Description", "SortOrder") VALUES ('Old Kitchen', 'old-kitchen', '', 0) RETURNING "Id"
                """);
            product = await OldStores.InsertAsync(connection, """
                INSERT INTO "Products" ("Name", "Slug", "Description", "PriceMinor", "Stock", "ImagePath", "CategoryId", "IsPublished", "CreatedAt", "Version", "SearchText")
                VALUES ('Oldtown Pan', 'oldtown-pan', '', 2990, 7, '/images/products/cast-iron-skillet-26cm.svg', @p0, TRUE, @p1, 0, 'oldtown pan') RETURNING "Id"
                """, category, OldStores.Time(store, DateTimeOffset.UtcNow));
            await OldStores.InsertAsync(connection, """
                CREATE TRIGGER "FullDisk" BEFORE INSERT ON "__EFMigrationsHistory" WHEN NEW."MigrationId" LIKE '%_ProductVariants'
                BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
                SELECT 0
                """);
        }

        await using (var failing = AppProcess.StartShop(RepoPaths.BuiltAppDll, folder, AppProcess.FreePort()))
        {
            Assert.Equal(1, await failing.WaitForExitAsync());
            Assert.Contains("database or disk is full", failing.Output + failing.Errors, StringComparison.Ordinal);
        }

        await using (var connection = new SqliteConnection(store.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(0L, await ScalarAsync(connection, """SELECT count(*) FROM sqlite_master WHERE name = 'ProductVariants'"""));
            Assert.Equal(7L, await ScalarAsync(connection, $"""SELECT "Stock" FROM "Products" WHERE "Id" = {product}"""));
            Assert.Equal(0L, await ScalarAsync(connection, """SELECT count(*) FROM "__EFMigrationsHistory" WHERE "MigrationId" LIKE '%_ProductVariants'"""));
            await ScalarAsync(connection, """DROP TRIGGER "FullDisk"; SELECT 0""");
        }

        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Seed:DemoCatalog"] = "false" }, folder);
        Assert.Equal(7, await shop.WithDbAsync(db => db.ProductVariants.Where(v => v.ProductId == product).Select(v => v.Stock).SingleAsync()));
        Assert.Equal([1L], await shop.WithDbAsync(db => db.Database.SqlQuery<long>($"SELECT \"foreign_keys\" AS \"Value\" FROM pragma_foreign_keys()").ToListAsync()));
        using var browser = shop.CreateBrowser();
        Assert.Contains("Oldtown Pan", (await browser.GetAsync("/products/oldtown-pan")).Document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public void Dispose() => TestStore.Delete(folder);
}
