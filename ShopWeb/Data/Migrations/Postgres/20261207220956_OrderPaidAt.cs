using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrderPaidAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PaidAt",
                table: "Orders",
                type: "timestamp with time zone",
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
