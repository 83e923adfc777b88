using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MonthlyReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Added without a lasting default, as the model creates it: nullable, filled, then required.
            migrationBuilder.AddColumn<bool>(
                name: "MonthlyReport",
                table: "Customers",
                type: "bit",
                nullable: true);
            migrationBuilder.Sql("UPDATE [Customers] SET [MonthlyReport] = 0;");
            migrationBuilder.AlterColumn<bool>(
                name: "MonthlyReport",
                table: "Customers",
                type: "bit",
                nullable: false,
                oldClrType: typeof(bool),
                oldType: "bit",
                oldNullable: true);

            migrationBuilder.CreateTable(
                name: "MonthlyReportRuns",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "int", nullable: false),
                    Month = table.Column<int>(type: "int", nullable: false),
                    Recipients = table.Column<int>(type: "int", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyReportRuns", x => new { x.OrganizationId, x.Month });
                    table.ForeignKey(
                        name: "FK_MonthlyReportRuns_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MonthlyReportRuns_Month",
                table: "MonthlyReportRuns",
                column: "Month");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MonthlyReportRuns");

            migrationBuilder.DropColumn(
                name: "MonthlyReport",
                table: "Customers");
        }
    }
}
