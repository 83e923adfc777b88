using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Merge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MergedInto",
                table: "Tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MergedFrom",
                table: "TicketMessages",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column in place (3.35+); a rebuilt table would lose the search triggers.
            migrationBuilder.Sql("ALTER TABLE \"Tickets\" DROP COLUMN \"MergedInto\";");
            migrationBuilder.Sql("ALTER TABLE \"TicketMessages\" DROP COLUMN \"MergedFrom\";");
        }
    }
}
