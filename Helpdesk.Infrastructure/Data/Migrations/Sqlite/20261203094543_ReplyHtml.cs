using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReplyHtml : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HtmlBody",
                table: "Outbox",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column in place (3.35+); a table rebuild would lose what the model does not know.
            migrationBuilder.Sql("ALTER TABLE \"Outbox\" DROP COLUMN \"HtmlBody\";");
        }
    }
}
