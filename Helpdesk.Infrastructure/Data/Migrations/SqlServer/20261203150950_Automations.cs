using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Automations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StatusChangedAt",
                table: "Tickets",
                type: "datetimeoffset",
                nullable: true);

            // Tickets already there entered their status at their last change, as far as can be told.
            migrationBuilder.Sql("UPDATE [Tickets] SET [StatusChangedAt] = [UpdatedAt];");

            migrationBuilder.CreateTable(
                name: "Automations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    IsActive = table.Column<bool>(type: "bit", nullable: false),
                    Position = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    Since = table.Column<int>(type: "int", nullable: false),
                    Hours = table.Column<int>(type: "int", nullable: false),
                    CalendarId = table.Column<int>(type: "int", nullable: true),
                    Priority = table.Column<int>(type: "int", nullable: true),
                    GroupId = table.Column<int>(type: "int", nullable: true),
                    WithTag = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    WithoutTag = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    SetStatus = table.Column<int>(type: "int", nullable: true),
                    SetPriority = table.Column<int>(type: "int", nullable: true),
                    AddTags = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    EmailSubject = table.Column<string>(type: "nvarchar(250)", maxLength: 250, nullable: true),
                    EmailBody = table.Column<string>(type: "nvarchar(max)", maxLength: 10000, nullable: true),
                    Note = table.Column<string>(type: "nvarchar(max)", maxLength: 10000, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Automations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Automations_Groups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "Groups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Automations_SlaCalendars_CalendarId",
                        column: x => x.CalendarId,
                        principalTable: "SlaCalendars",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AutomationRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    AutomationId = table.Column<int>(type: "int", nullable: false),
                    TicketNumber = table.Column<int>(type: "int", nullable: false),
                    EventAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RanAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AutomationRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_Automations_AutomationId",
                        column: x => x.AutomationId,
                        principalTable: "Automations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AutomationRuns_Tickets_TicketNumber",
                        column: x => x.TicketNumber,
                        principalTable: "Tickets",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Tickets_Status_StatusChangedAt",
                table: "Tickets",
                columns: new[] { "Status", "StatusChangedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_AutomationId_TicketNumber_EventAt",
                table: "AutomationRuns",
                columns: new[] { "AutomationId", "TicketNumber", "EventAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_RanAt",
                table: "AutomationRuns",
                column: "RanAt");

            migrationBuilder.CreateIndex(
                name: "IX_AutomationRuns_TicketNumber",
                table: "AutomationRuns",
                column: "TicketNumber");

            migrationBuilder.CreateIndex(
                name: "IX_Automations_CalendarId",
                table: "Automations",
                column: "CalendarId");

            migrationBuilder.CreateIndex(
                name: "IX_Automations_GroupId",
                table: "Automations",
                column: "GroupId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AutomationRuns");

            migrationBuilder.DropTable(
                name: "Automations");

            migrationBuilder.DropIndex(
                name: "IX_Tickets_Status_StatusChangedAt",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "StatusChangedAt",
                table: "Tickets");
        }
    }
}
