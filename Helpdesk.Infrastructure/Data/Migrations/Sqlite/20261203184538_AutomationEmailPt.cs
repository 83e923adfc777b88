using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AutomationEmailPt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EmailBodyPt",
                table: "Automations",
                type: "TEXT",
                maxLength: 10000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EmailSubjectPt",
                table: "Automations",
                type: "TEXT",
                maxLength: 250,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE \"Automations\" DROP COLUMN \"EmailBodyPt\";");

            migrationBuilder.Sql("ALTER TABLE \"Automations\" DROP COLUMN \"EmailSubjectPt\";");
        }
    }
}
