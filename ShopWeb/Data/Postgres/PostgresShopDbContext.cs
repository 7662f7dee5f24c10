using Microsoft.EntityFrameworkCore;

namespace ShopWeb.Data.Postgres;

/// <summary>
/// The shop's model on PostgreSQL, with migrations of its own in Data/Migrations/Postgres (EF's way for one model on
/// several providers). Services never name it: under Database:Provider=Postgres, ShopDbContext resolves to it.
/// </summary>
public sealed class PostgresShopDbContext(DbContextOptions<PostgresShopDbContext> options) : ShopDbContext(options)
{
    /// <summary>
    /// Times stay DateTimeOffset columns (timestamptz), which PostgreSQL compares and sorts itself; the shop's clock
    /// is UTC, which is the only offset Npgsql writes. SQLite's conversion to integers is not wanted here.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The same rules as SQLite's, with the column names quoted: PostgreSQL folds unquoted names to lower case.
        builder.Entity<Product>().ToTable(t =>
        {
            t.HasCheckConstraint("CK_Products_Price", "\"PriceMinor\" >= 0");
        });

        // PostgreSQL 15 computes generated columns only when it stores them.
        builder.Entity<Product>().Property(p => p.ListRank).HasComputedColumnSql($"coalesce(\"FeaturedRank\", {int.MaxValue})", stored: true);
    }
}
