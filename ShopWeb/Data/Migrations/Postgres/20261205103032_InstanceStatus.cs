using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopWeb.Data.Migrations.Postgres
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
                    Instance = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StoreLatencyMs = table.Column<double>(type: "double precision", nullable: false),
                    RedisUsed = table.Column<bool>(type: "boolean", nullable: false),
                    RedisLatencyMs = table.Column<double>(type: "double precision", nullable: true),
                    OutboxBacklog = table.Column<int>(type: "integer", nullable: false),
                    OldestQueuedEmailAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OldestCardOrder = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    OldestCardOrderAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastWebhookAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Traffic = table.Column<string>(type: "text", nullable: false)
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
