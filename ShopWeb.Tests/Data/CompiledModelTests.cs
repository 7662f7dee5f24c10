using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using ShopWeb.Data;
using ShopWeb.Data.Postgres;
using ShopWeb.Tests.Infrastructure;

namespace ShopWeb.Tests.Data;

/// <summary>
/// The shop runs on compiled models (Data/CompiledModels, UseModel); each must say what OnModelCreating says today, for
/// SQLite and PostgreSQL alike, or the shop would read and write through a model that is no longer its own.
/// </summary>
public sealed class CompiledModelTests
{
    private const string Regenerate = "the compiled model of {0} lags the model: run tools/optimize-models.sh and commit ShopWeb/Data/CompiledModels (see README, \"Adding a migration\")";

    [Fact]
    public async Task The_SQLite_compiled_model_is_the_model()
    {
        using var shop = new ShopFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Shop"] = "Data Source=:memory:" });

        await AssertCurrentAsync(shop, typeof(ShopDbContext));
    }

    [Fact]
    public async Task The_PostgreSQL_compiled_model_is_the_model()
    {
        // The model needs no server; the shop starts without one and says so on /health/ready.
        using var shop = new ShopFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Shop"] = $"Host=127.0.0.1;Port={AppProcess.FreePort()};Database=model-only;Username=shop;Timeout=3",
            ["Database:MigrateOnStartup"] = "false",
        });

        await AssertCurrentAsync(shop, typeof(PostgresShopDbContext));
    }

    private static async Task AssertCurrentAsync(ShopFactory shop, Type context)
    {
        var (type, compiled, built) = await shop.WithDbAsync(db => Task.FromResult((
            db.GetType(),
            Describe(db.Model),
            Describe(db.GetService<IDesignTimeModel>().Model))));

        Assert.Equal(context, type);
        Assert.True(compiled == built, string.Format(System.Globalization.CultureInfo.InvariantCulture, Regenerate, context.Name));
    }

    /// <summary>
    /// What the shop's queries and saves depend on: EF's own account of the entity types, their properties, keys,
    /// foreign keys, navigations and indexes (without annotations, which differ in form between a compiled and a
    /// built model), then per table and column the store's side: names, store types, converters (SQLite's times as
    /// integers), computed and default SQL, index names and filters. Check constraints live only in migrations.
    /// </summary>
    private static string Describe(IModel model)
    {
        // A compiled model is one instance per process: the raw SQL queries of every shop the tests run add their
        // ad-hoc result types to it (SqlQuery<T>), which are no part of the model the shop maps.
        var debug = System.Text.RegularExpressions.Regex.Replace(
            model.ToDebugString(MetadataDebugStringOptions.IncludePropertyIndexes), @"\n  Ad-hoc entity types:(\n    .*)*", "");
        var text = new System.Text.StringBuilder(debug);
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine().Append(entity.Name).Append(" -> ").Append(entity.GetSchema()).Append('.').Append(entity.GetTableName());
            foreach (var property in entity.GetProperties())
            {
                var mapping = property.GetTypeMapping();
                text.AppendLine().Append("  ").Append(property.Name).Append(": ").Append(property.GetColumnName())
                    .Append(' ').Append(property.GetColumnType()).Append(property.IsNullable ? " null" : " not null")
                    .Append(" max ").Append(property.GetMaxLength()).Append(" converter ").Append(mapping.Converter?.GetType().Name)
                    .Append(" computed ").Append(property.GetComputedColumnSql()).Append(" stored ").Append(property.GetIsStored())
                    .Append(" default ").Append(property.GetDefaultValueSql()).Append(property.GetDefaultValue())
                    .Append(" generated ").Append(property.ValueGenerated).Append(" concurrency ").Append(property.IsConcurrencyToken);
            }

            foreach (var index in entity.GetIndexes())
            {
                text.AppendLine().Append("  index ").Append(index.GetDatabaseName()).Append(" (")
                    .AppendJoin(", ", index.Properties.Select(p => p.Name)).Append(index.IsUnique ? ") unique" : ")")
                    .Append(" filter ").Append(index.GetFilter());
            }

            foreach (var key in entity.GetForeignKeys())
            {
                text.AppendLine().Append("  fk ").Append(key.GetConstraintName()).Append(' ').Append(key.DeleteBehavior);
            }
        }

        return text.ToString();
    }
}
