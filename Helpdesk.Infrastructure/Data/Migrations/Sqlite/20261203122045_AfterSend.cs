using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AfterSend : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AfterSend",
                table: "Agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column in place (3.35+).
            migrationBuilder.Sql("ALTER TABLE \"Agents\" DROP COLUMN \"AfterSend\";");
        }
    }
}
