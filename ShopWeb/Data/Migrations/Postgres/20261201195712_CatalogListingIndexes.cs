using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CatalogListingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryId",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_IsPublished_CategoryId",
                table: "Products");

            migrationBuilder.AddColumn<int>(
                name: "ListRank",
                table: "Products",
                type: "integer",
                nullable: false,
                computedColumnSql: "coalesce(\"FeaturedRank\", 2147483647)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryId_IsPublished",
                table: "Products",
                columns: new[] { "CategoryId", "IsPublished" });

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryListing",
                table: "Products",
                columns: new[] { "CategoryId", "ListRank", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryName",
                table: "Products",
                columns: new[] { "CategoryId", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryNewest",
                table: "Products",
                columns: new[] { "CategoryId", "CreatedAt", "Name", "Id" },
                descending: new[] { false, true, false, false },
                filter: "\"IsPublished\"");

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
                name: "IX_Products_Featured",
                table: "Products",
                column: "FeaturedRank",
                filter: "\"IsPublished\" AND \"FeaturedRank\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Listing",
                table: "Products",
                columns: new[] { "ListRank", "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Name",
                table: "Products",
                columns: new[] { "Name", "Id" },
                filter: "\"IsPublished\"");

            migrationBuilder.CreateIndex(
                name: "IX_Products_Newest",
                table: "Products",
                columns: new[] { "CreatedAt", "Name", "Id" },
                descending: new[] { true, false, false },
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryId_IsPublished",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryListing",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryName",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryNewest",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryPriceAsc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_CategoryPriceDesc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Featured",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Listing",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Name",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_Newest",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_PriceAsc",
                table: "Products");

            migrationBuilder.DropIndex(
                name: "IX_Products_PriceDesc",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "ListRank",
                table: "Products");

            migrationBuilder.CreateIndex(
                name: "IX_Products_CategoryId",
                table: "Products",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_Products_IsPublished_CategoryId",
                table: "Products",
                columns: new[] { "IsPublished", "CategoryId" });
        }
    }
}
