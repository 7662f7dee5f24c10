using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxAccountId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AccountId",
                table: "OutboxEmails",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxEmails_AccountId",
                table: "OutboxEmails",
                column: "AccountId");

            // The notices already sent to an account's old address: the account's security history names that address.
            migrationBuilder.Sql("""
                UPDATE "OutboxEmails" SET "AccountId" = (
                    SELECT e."UserId" FROM "SecurityEvents" AS e
                    WHERE e."Kind" = 'EmailChanged' AND e."Detail" = 'from ' || "OutboxEmails"."To" LIMIT 1)
                WHERE "AccountId" IS NULL AND "Subject" LIKE 'Your email address was changed%';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxEmails_AccountId",
                table: "OutboxEmails");

            migrationBuilder.DropColumn(
                name: "AccountId",
                table: "OutboxEmails");
        }
    }
}
