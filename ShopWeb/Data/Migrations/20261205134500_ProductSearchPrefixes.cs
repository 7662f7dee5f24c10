using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <summary>
    /// The full-text index made again with prefix indexes for words of 2, 3 and 4 letters. Every search word is a
    /// prefix ("tea" finds "teapot"), which FTS5 otherwise answers by merging the lists of every word that begins so;
    /// with 100,000 products that merge was half of a search's cost (README, "Benchmark"). The index grows by about a
    /// sixth. SQLite only: PostgreSQL's GIN index answers a prefix from its own entries, and the model is unchanged.
    /// </summary>
    public partial class ProductSearchPrefixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Remake(migrationBuilder, """
            CREATE VIRTUAL TABLE "ProductSearch" USING fts5(
                "Name", "Description",
                content = 'Products', content_rowid = 'Id',
                tokenize = 'unicode61 remove_diacritics 2',
                prefix = '2 3 4');
            """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Remake(migrationBuilder, """
            CREATE VIRTUAL TABLE "ProductSearch" USING fts5(
                "Name", "Description",
                content = 'Products', content_rowid = 'Id',
                tokenize = 'unicode61 remove_diacritics 2');
            """);

        // The triggers belong to Products and name the index only in their bodies: they stay and write to the new one.
        private static void Remake(MigrationBuilder migrationBuilder, string create)
        {
            migrationBuilder.Sql("""DROP TABLE "ProductSearch";""");
            migrationBuilder.Sql(create);
            migrationBuilder.Sql("""INSERT INTO "ProductSearch" ("ProductSearch") VALUES ('rebuild');""");
        }
    }
}
