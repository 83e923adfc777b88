using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NoticeWindow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DisruptionId",
                table: "Outbox",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_DisruptionId_SentAt",
                table: "Outbox",
                columns: new[] { "DisruptionId", "SentAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Outbox_DisruptionId_SentAt",
                table: "Outbox");

            migrationBuilder.DropColumn(
                name: "DisruptionId",
                table: "Outbox");
        }
    }
}
