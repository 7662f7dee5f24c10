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
            // agree with the product page whoever writes the catalog. A product's own row gets it before it is written
            // (no second version of the row); a variant's change rewrites its product only when the figure moves, so
            // a bulk insert of variants at the product's price (the seeding) costs no extra write. Filled before the
            // indexes are built.
            // PL/pgSQL rather than SQL functions: their statements' plans are kept for the session, where a SQL
            // function with an aggregate is planned again at every call, that is at every row a trigger sees.
            migrationBuilder.Sql("""
                CREATE FUNCTION "Products_LowestPriceOf"(product integer, own bigint) RETURNS bigint LANGUAGE plpgsql STABLE AS $$
                BEGIN
                    RETURN coalesce((SELECT min(coalesce(v."PriceMinor", own)) FROM "ProductVariants" v
                                     WHERE v."ProductId" = product AND v."IsOnSale"), own);
                END;
                $$;
                """);
            migrationBuilder.Sql("""UPDATE "Products" SET "LowestPriceMinor" = "Products_LowestPriceOf"("Id", "PriceMinor");""");
            migrationBuilder.Sql("""
                CREATE FUNCTION "Products_RefreshLowestPrice"(product integer) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    own bigint;
                    kept bigint;
                    lowest bigint;
                BEGIN
                    SELECT "PriceMinor", "LowestPriceMinor" INTO own, kept FROM "Products" WHERE "Id" = product;
                    IF FOUND THEN
                        lowest := "Products_LowestPriceOf"(product, own);
                        IF lowest <> kept THEN
                            UPDATE "Products" SET "LowestPriceMinor" = lowest WHERE "Id" = product;
                        END IF;
                    END IF;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION "Products_LowestPriceBeforeWrite"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW."LowestPriceMinor" := "Products_LowestPriceOf"(NEW."Id", NEW."PriceMinor");
                    RETURN NEW;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION "ProductVariants_LowestPriceAfterWrite"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
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
                CREATE TRIGGER "Products_LowestPrice" BEFORE INSERT OR UPDATE OF "PriceMinor" ON "Products"
                    FOR EACH ROW EXECUTE FUNCTION "Products_LowestPriceBeforeWrite"();
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "ProductVariants_LowestPrice" AFTER INSERT OR DELETE OR UPDATE OF "PriceMinor", "IsOnSale", "ProductId"
                    ON "ProductVariants" FOR EACH ROW EXECUTE FUNCTION "ProductVariants_LowestPriceAfterWrite"();
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
            migrationBuilder.Sql("""DROP FUNCTION "ProductVariants_LowestPriceAfterWrite"();""");
            migrationBuilder.Sql("""DROP FUNCTION "Products_LowestPriceBeforeWrite"();""");
            migrationBuilder.Sql("""DROP FUNCTION "Products_RefreshLowestPrice"(integer);""");
            migrationBuilder.Sql("""DROP FUNCTION "Products_LowestPriceOf"(integer, bigint);""");

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
