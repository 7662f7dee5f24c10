using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class OrderPaidAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "PaidAt",
                table: "Orders",
                type: "INTEGER",
                nullable: true);

            // An order already paid keeps being paid once it ships, paid on delivery or not: its placing is the only
            // time there is to give it.
            migrationBuilder.Sql("UPDATE \"Orders\" SET \"PaidAt\" = \"PlacedAt\" WHERE \"Status\" = 'Paid';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PaidAt",
                table: "Orders");
        }
    }
}
