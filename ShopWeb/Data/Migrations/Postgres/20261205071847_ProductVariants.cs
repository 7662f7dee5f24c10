using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ShopWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProductVariants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ProductOptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Values = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductOptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductOptions_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductVariants",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<int>(type: "integer", nullable: false),
                    Sku = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Option1 = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Option2 = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Option3 = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    PriceMinor = table.Column<long>(type: "bigint", nullable: true),
                    Stock = table.Column<int>(type: "integer", nullable: false),
                    ImagePath = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    IsOnSale = table.Column<bool>(type: "boolean", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductVariants", x => x.Id);
                    table.CheckConstraint("CK_ProductVariants_Price", "\"PriceMinor\" IS NULL OR \"PriceMinor\" >= 0");
                    table.CheckConstraint("CK_ProductVariants_Stock", "\"Stock\" >= 0");
                    table.ForeignKey(
                        name: "FK_ProductVariants_Products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "Products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProductOptions_ProductId_Position",
                table: "ProductOptions",
                columns: new[] { "ProductId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductVariants_ProductId_Position",
                table: "ProductVariants",
                columns: new[] { "ProductId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductVariants_Sku",
                table: "ProductVariants",
                column: "Sku",
                unique: true);

            ProductVariantsMigration.MoveProductsToVariants(migrationBuilder);

            migrationBuilder.AddColumn<string>(
                name: "OptionText",
                table: "OrderLines",
                type: "character varying(156)",
                maxLength: 156,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Sku",
                table: "OrderLines",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "VariantId",
                table: "OrderLines",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "VariantId",
                table: "CartLines",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            ProductVariantsMigration.PointLinesAtVariants(migrationBuilder);

            migrationBuilder.DropCheckConstraint(
                name: "CK_Products_Stock",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_CartLines_CartId_ProductId",
                table: "CartLines");

            migrationBuilder.DropColumn(
                name: "Stock",
                table: "Products");

            migrationBuilder.CreateIndex(
                name: "IX_OrderLines_VariantId",
                table: "OrderLines",
                column: "VariantId");

            migrationBuilder.CreateIndex(
                name: "IX_CartLines_CartId_VariantId",
                table: "CartLines",
                columns: new[] { "CartId", "VariantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CartLines_VariantId",
                table: "CartLines",
                column: "VariantId");

            migrationBuilder.AddForeignKey(
                name: "FK_CartLines_ProductVariants_VariantId",
                table: "CartLines",
                column: "VariantId",
                principalTable: "ProductVariants",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_OrderLines_ProductVariants_VariantId",
                table: "OrderLines",
                column: "VariantId",
                principalTable: "ProductVariants",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CartLines_ProductVariants_VariantId",
                table: "CartLines");

            migrationBuilder.DropForeignKey(
                name: "FK_OrderLines_ProductVariants_VariantId",
                table: "OrderLines");

            migrationBuilder.DropTable(
                name: "ProductOptions");

            migrationBuilder.DropTable(
                name: "ProductVariants");

            migrationBuilder.DropIndex(
                name: "IX_OrderLines_VariantId",
                table: "OrderLines");

            migrationBuilder.DropIndex(
                name: "IX_CartLines_CartId_VariantId",
                table: "CartLines");

            migrationBuilder.DropIndex(
                name: "IX_CartLines_VariantId",
                table: "CartLines");

            migrationBuilder.DropColumn(
                name: "OptionText",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "Sku",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "VariantId",
                table: "OrderLines");

            migrationBuilder.DropColumn(
                name: "VariantId",
                table: "CartLines");

            migrationBuilder.AddColumn<int>(
                name: "Stock",
                table: "Products",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddCheckConstraint(
                name: "CK_Products_Stock",
                table: "Products",
                sql: "\"Stock\" >= 0");

            migrationBuilder.CreateIndex(
                name: "IX_CartLines_CartId_ProductId",
                table: "CartLines",
                columns: new[] { "CartId", "ProductId" },
                unique: true);
        }
    }
}
