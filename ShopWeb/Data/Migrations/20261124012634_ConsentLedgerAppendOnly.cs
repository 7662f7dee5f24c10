using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ConsentLedgerAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The consent ledger is append-only in the database too: a record is never updated. (Records go only
            // with their account, through the foreign key's cascade; a delete trigger cannot tell that apart
            // without naming AspNetUsers, which would break SQLite's rebuilds of that table.)
            migrationBuilder.Sql("""
                CREATE TRIGGER ConsentRecords_NoUpdate BEFORE UPDATE ON ConsentRecords
                BEGIN SELECT RAISE(ABORT, 'The consent ledger is append-only.'); END;
                """);

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ConsentRecords_NoUpdate;");

        }
    }
}
