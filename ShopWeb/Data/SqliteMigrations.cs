using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace ShopWeb.Data;

/// <summary>
/// Applies the SQLite store's migrations each in one transaction, all or nothing. SQLite cannot drop a column or add a
/// foreign key in place, so EF rebuilds the table, and it turns foreign keys off around the rebuild (dropping the old
/// table would otherwise cascade its deletes into the tables that point at it). That switch only works outside a
/// transaction, so EF commits before and after it: a start that stopped in between (killed, the disk full, a bad
/// row) left a store half-migrated, with no history row, which the next start could not migrate again. Here foreign
/// keys are off on the migrating connection for the whole run, so the switch is left out and every step of a
/// migration, its history row included, commits together. Only this path may use <see cref="OneTransaction"/>: a script
/// it generated, run on a connection with foreign keys on, would cascade.
/// </summary>
internal static class SqliteMigrations
{
    public static async Task MigrateAsync(DbContextOptions<ShopDbContext> options, CancellationToken cancellationToken)
    {
        await using var db = new ShopDbContext(new DbContextOptionsBuilder<ShopDbContext>(options)
            .ReplaceService<IMigrationsSqlGenerator, OneTransaction>().Options);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = 0;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        finally
        {
            // Closed for good, not kept by the pool: no request is ever handed a connection with foreign keys off.
            await db.Database.CloseConnectionAsync();
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>EF's SQLite statements without its foreign-key switches, so that none of them is run outside the migration's transaction.</summary>
    internal sealed class OneTransaction(MigrationsSqlGeneratorDependencies dependencies, IRelationalAnnotationProvider annotations)
        : SqliteMigrationsSqlGenerator(dependencies, annotations)
    {
        public override IReadOnlyList<MigrationCommand> Generate(
            IReadOnlyList<MigrationOperation> operations, IModel? model = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
        {
            var commands = base.Generate(operations, model, options);
            if (commands.FirstOrDefault(c => c.TransactionSuppressed && !IsForeignKeySwitch(c)) is { } other)
            {
                throw new InvalidOperationException($"A migration step must run outside a transaction, which the store's migrations do not allow: {other.CommandText}");
            }

            return commands.Where(c => !IsForeignKeySwitch(c)).ToList();
        }

        private static bool IsForeignKeySwitch(MigrationCommand command) =>
            command.TransactionSuppressed && command.CommandText.TrimStart().StartsWith("PRAGMA foreign_keys", StringComparison.OrdinalIgnoreCase);
    }
}
