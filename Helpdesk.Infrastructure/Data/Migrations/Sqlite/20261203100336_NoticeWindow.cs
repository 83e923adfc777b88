using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
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
                type: "INTEGER",
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

            // SQLite drops a column in place (3.35+), its index gone first.
            migrationBuilder.Sql("ALTER TABLE \"Outbox\" DROP COLUMN \"DisruptionId\";");
        }
    }
}
