using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxOrderNumber : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrderNumber",
                table: "OutboxEmails",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxEmails_OrderNumber",
                table: "OutboxEmails",
                column: "OrderNumber");

            // The emails queued before: every order email names its order in its subject ("Your order SW-…",
            // "Refund for your order SW-…", OrderEmails), so a deleted account's older ones go with it too.
            migrationBuilder.Sql("""
                UPDATE "OutboxEmails" SET "OrderNumber" = substr("Subject", strpos("Subject", 'order SW-') + 6, 11)
                WHERE strpos("Subject", 'order SW-') > 0 AND substr("Subject", strpos("Subject", 'order SW-') + 6, 11) IN (SELECT "Number" FROM "Orders");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxEmails_OrderNumber",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "OrderNumber",
                table: "OutboxEmails");
        }
    }
}
