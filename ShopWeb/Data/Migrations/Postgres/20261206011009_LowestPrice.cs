using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LowestPrice : Migration
    {
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
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // A product's lowest price: of its variants on sale, or its own when none is (Product.LowestPriceMinor).
            // Every write that can change it fires a trigger below, so the listings' "from €X" and their price sorts
            // agree with the product page whoever writes the catalog. Filled before the indexes are built.
            migrationBuilder.Sql("""
                CREATE FUNCTION "Products_RefreshLowestPrice"(product integer) RETURNS void LANGUAGE sql AS $$
                    UPDATE "Products" p SET "LowestPriceMinor" = coalesce(
                        (SELECT min(coalesce(v."PriceMinor", p."PriceMinor")) FROM "ProductVariants" v
                         WHERE v."ProductId" = p."Id" AND v."IsOnSale"), p."PriceMinor")
                    WHERE p."Id" = product;
                $$;
                """);
            migrationBuilder.Sql("""SELECT "Products_RefreshLowestPrice"("Id") FROM "Products";""");
            migrationBuilder.Sql("""
                CREATE FUNCTION "Products_LowestPriceChanged"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'Products' THEN
                        PERFORM "Products_RefreshLowestPrice"(NEW."Id");
                        RETURN NULL;
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        PERFORM "Products_RefreshLowestPrice"(OLD."ProductId");
                    END IF;
                    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."ProductId" <> OLD."ProductId") THEN
                        PERFORM "Products_RefreshLowestPrice"(NEW."ProductId");
                    END IF;
                    RETURN NULL;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Products_LowestPrice" AFTER INSERT OR UPDATE OF "PriceMinor" ON "Products"
                    FOR EACH ROW EXECUTE FUNCTION "Products_LowestPriceChanged"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ProductVariants_LowestPrice" AFTER INSERT OR DELETE OR UPDATE OF "PriceMinor", "IsOnSale", "ProductId"
                    ON "ProductVariants" FOR EACH ROW EXECUTE FUNCTION "Products_LowestPriceChanged"();
                """);

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
            migrationBuilder.Sql("""DROP TRIGGER "ProductVariants_LowestPrice" ON "ProductVariants";""");
            migrationBuilder.Sql("""DROP TRIGGER "Products_LowestPrice" ON "Products";""");
            migrationBuilder.Sql("""DROP FUNCTION "Products_LowestPriceChanged"();""");
            migrationBuilder.Sql("""DROP FUNCTION "Products_RefreshLowestPrice"(integer);""");

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
