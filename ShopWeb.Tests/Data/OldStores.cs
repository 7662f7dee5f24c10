using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ShopWeb.Data;
using ShopWeb.Data.Postgres;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>
/// What the tests of a migration on a store with data in it share: a context of the store's provider without the
/// shop around it (to migrate it to the migration before the one under test), and the store of then written in SQL,
/// as that shop wrote it.
/// </summary>
internal static class OldStores
{
    public static ShopDbContext ContextFor(TestStore store) => store.IsPostgres
        ? new PostgresShopDbContext(new DbContextOptionsBuilder<PostgresShopDbContext>().UseNpgsql(store.ConnectionString).Options)
        : new ShopDbContext(new DbContextOptionsBuilder<ShopDbContext>().UseSqlite(store.ConnectionString).AddInterceptors(SqliteConnectionSetup.Instance).Options);

    /// <summary>The migration just before the one whose name ends with <paramref name="migration"/>, in this store's provider's list.</summary>
    public static string Before(ShopDbContext db, string migration)
    {
        var all = db.Database.GetMigrations().ToList();
        return all[all.FindIndex(m => m.EndsWith("_" + migration, StringComparison.Ordinal)) - 1];
    }

    /// <summary>A time as the store of then kept it: timestamptz on PostgreSQL, EF's binary integer on SQLite.</summary>
    public static object Time(TestStore store, DateTimeOffset time) => store.IsPostgres ? time : new DateTimeOffsetToBinaryConverter().ConvertToProvider(time)!;

    /// <summary>Runs one statement with @p0, @p1... and returns its first column as a number (the RETURNING "Id").</summary>
    public static async Task<int> InsertAsync(DbConnection connection, string sql, params object?[] values)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (value, i) in values.Select((v, i) => (v, i)))
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
