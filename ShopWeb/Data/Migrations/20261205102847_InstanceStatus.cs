using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class InstanceStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "InstanceStatus",
                columns: table => new
                {
                    Instance = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoreLatencyMs = table.Column<double>(type: "REAL", nullable: false),
                    RedisUsed = table.Column<bool>(type: "INTEGER", nullable: false),
                    RedisLatencyMs = table.Column<double>(type: "REAL", nullable: true),
                    OutboxBacklog = table.Column<int>(type: "INTEGER", nullable: false),
                    OldestQueuedEmailAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OldestCardOrder = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    OldestCardOrderAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastWebhookAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Traffic = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InstanceStatus", x => x.Instance);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InstanceStatus_PublishedAt",
                table: "InstanceStatus",
                column: "PublishedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "InstanceStatus");
        }
    }
}
