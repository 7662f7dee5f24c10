using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class LowestPrice : Migration
    {
        /// <summary>
        /// A product's lowest price: of its variants on sale, or its own when none is (Product.LowestPriceMinor). Every
        /// write that can change it fires a trigger below, so the listings' "from €X" and their price sorts agree with
        /// the product page whoever writes the catalog. A trigger writes only when the figure moves, so a bulk insert of
        /// variants at the product's price (the seeding) costs no extra write.
        /// </summary>
        private const string Lowest = """
            coalesce((SELECT min(coalesce(v."PriceMinor", "Products"."PriceMinor")) FROM "ProductVariants" v
                      WHERE v."ProductId" = "Products"."Id" AND v."IsOnSale"), "Products"."PriceMinor")
            """;

        private static readonly (string Name, string Event, string Products)[] Triggers =
        [
            ("Products_LowestPriceInsert", "AFTER INSERT ON \"Products\"", "new.\"Id\""),
            ("Products_LowestPriceUpdate", "AFTER UPDATE OF \"PriceMinor\" ON \"Products\"", "new.\"Id\""),
            ("ProductVariants_LowestPriceInsert", "AFTER INSERT ON \"ProductVariants\"", "new.\"ProductId\""),
            ("ProductVariants_LowestPriceDelete", "AFTER DELETE ON \"ProductVariants\"", "old.\"ProductId\""),
            ("ProductVariants_LowestPriceUpdate", "AFTER UPDATE OF \"PriceMinor\", \"IsOnSale\", \"ProductId\" ON \"ProductVariants\"",
                "old.\"ProductId\", new.\"ProductId\""),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryPriceAsc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryPriceDesc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_PriceAsc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_PriceDesc",
                table: "Products");

            migrationBuilder.AddColumn<long>(
                name: "LowestPriceMinor",
                table: "Products",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Before the indexes: they are then built once, from the final figures.
            migrationBuilder.Sql($"""UPDATE "Products" SET "LowestPriceMinor" = {Lowest};""");
            foreach (var (name, on, products) in Triggers)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{name}" {on} BEGIN
                        UPDATE "Products" SET "LowestPriceMinor" = {Lowest} WHERE "Id" IN ({products}) AND "LowestPriceMinor" IS NOT {Lowest};
                    END;
                    """);
            }

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryPriceAsc",
                table: "Products",
                columns: new[] { "CategoryId", "LowestPriceMinor", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryPriceDesc",
                table: "Products",
                columns: new[] { "CategoryId", "LowestPriceMinor", "Name", "Id" },
                descending: new[] { false, true, false, false },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_PriceAsc",
                table: "Products",
                columns: new[] { "LowestPriceMinor", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_PriceDesc",
                table: "Products",
                columns: new[] { "LowestPriceMinor", "Name", "Id" },
                descending: new[] { true, false, false },
                filter: "\"IsPublished\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, _, _) in Triggers)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{name}";""");
            }

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryPriceAsc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryPriceDesc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_PriceAsc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_PriceDesc",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "LowestPriceMinor",
                table: "Products");

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryPriceAsc",
                table: "Products",
                columns: new[] { "CategoryId", "PriceMinor", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryPriceDesc",
                table: "Products",
                columns: new[] { "CategoryId", "PriceMinor", "Name", "Id" },
                descending: new[] { false, true, false, false },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_PriceAsc",
                table: "Products",
                columns: new[] { "PriceMinor", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_PriceDesc",
                table: "Products",
                columns: new[] { "PriceMinor", "Name", "Id" },
                descending: new[] { true, false, false },
                filter: "\"IsPublished\"");
        }
    }
}
