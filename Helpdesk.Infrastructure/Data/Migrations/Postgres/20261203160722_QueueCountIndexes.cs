using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QueueCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaDueAt_Number",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaDueAt_Number_Status",
                table: "Tickets",
                columns: new[] { "SlaDueAt", "Number", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaWarnAt_SlaDueAt",
                table: "Tickets",
                columns: new[] { "SlaWarnAt", "SlaDueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaDueAt_Number_Status",
                table: "Tickets");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_SlaWarnAt_SlaDueAt",
                table: "Tickets");

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_SlaDueAt_Number",
                table: "Tickets",
                columns: new[] { "SlaDueAt", "Number" });
        }
    }
}
