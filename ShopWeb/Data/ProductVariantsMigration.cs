using Microsoft.EntityFrameworkCore.Migrations;

namespace ShopWeb.Data;

/// <summary>
/// The data steps of the ProductVariants migration, the same on SQLite and PostgreSQL: every existing product becomes
/// its one variant with its stock (and the product's price, image and SKU from its slug), and every cart and order
/// line is pointed at it, so nothing is lost and every old order still reads as it did.
/// </summary>
internal static class ProductVariantsMigration
{
    /// <summary>After the variant tables exist and before the products lose their Stock column.</summary>
    public static void MoveProductsToVariants(MigrationBuilder migrationBuilder) => migrationBuilder.Sql($"""
        INSERT INTO "ProductVariants" ("ProductId", "Sku", "Stock", "IsOnSale", "Position")
        SELECT "Id", upper(substr("Slug", 1, {ProductVariant.SkuMaxLength})), "Stock", TRUE, 0 FROM "Products";
        """);

    /// <summary>After the lines have their new columns: each line names its product's one variant.</summary>
    public static void PointLinesAtVariants(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            UPDATE "CartLines" SET "VariantId" = (SELECT v."Id" FROM "ProductVariants" v WHERE v."ProductId" = "CartLines"."ProductId");
            """);
        migrationBuilder.Sql("""
            UPDATE "OrderLines"
            SET "VariantId" = (SELECT v."Id" FROM "ProductVariants" v WHERE v."ProductId" = "OrderLines"."ProductId"),
                "Sku" = (SELECT v."Sku" FROM "ProductVariants" v WHERE v."ProductId" = "OrderLines"."ProductId")
            WHERE "ProductId" IS NOT NULL;
            """);
    }
}
