using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductSearchTriggersAgain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // ProductVariants rebuilt the Products table (SQLite drops a column with a check constraint that way), and a
            // dropped table takes its triggers with it: the search index's (from ProductSearch) are made again here, as
            // EF runs a migration's rebuilds after its other steps. Ids were kept, so the index itself still holds.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Products_SearchInsert" AFTER INSERT ON "Products" BEGIN
                    INSERT INTO "ProductSearch" (rowid, "Name", "Description") VALUES (new."Id", new."Name", new."Description");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Products_SearchDelete" AFTER DELETE ON "Products" BEGIN
                    INSERT INTO "ProductSearch" ("ProductSearch", rowid, "Name", "Description") VALUES ('delete', old."Id", old."Name", old."Description");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Products_SearchUpdate" AFTER UPDATE OF "Name", "Description" ON "Products" BEGIN
                    INSERT INTO "ProductSearch" ("ProductSearch", rowid, "Name", "Description") VALUES ('delete', old."Id", old."Name", old."Description");
                    INSERT INTO "ProductSearch" (rowid, "Name", "Description") VALUES (new."Id", new."Name", new."Description");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // ProductVariants' Down rebuilds the table again and takes these with it.
        }
    }
}
