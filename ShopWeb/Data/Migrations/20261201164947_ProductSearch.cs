using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <summary>
    /// The catalog's full-text index: an FTS5 table over the products' names and descriptions that keeps no copy of
    /// the text (external content), kept in step by triggers so every write, from any code path, is searchable at once.
    /// </summary>
    public partial class ProductSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // unicode61 folds case in every script and, with remove_diacritics 2, finds "crème" by "creme" too.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ProductSearch" USING fts5(
                    "Name", "Description",
                    content = 'Products', content_rowid = 'Id',
                    tokenize = 'unicode61 remove_diacritics 2');
                """);
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

            // Only a change of the searched text touches the index: stock moves with every order and must stay cheap.
            migrationBuilder.Sql("""
                CREATE TRIGGER "Products_SearchUpdate" AFTER UPDATE OF "Name", "Description" ON "Products" BEGIN
                    INSERT INTO "ProductSearch" ("ProductSearch", rowid, "Name", "Description") VALUES ('delete', old."Id", old."Name", old."Description");
                    INSERT INTO "ProductSearch" (rowid, "Name", "Description") VALUES (new."Id", new."Name", new."Description");
                END;
                """);
            migrationBuilder.Sql("""INSERT INTO "ProductSearch" ("ProductSearch") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Products_SearchUpdate";""");
            migrationBuilder.Sql("""DROP TRIGGER "Products_SearchDelete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Products_SearchInsert";""");
            migrationBuilder.Sql("""DROP TABLE "ProductSearch";""");
        }
    }
}
