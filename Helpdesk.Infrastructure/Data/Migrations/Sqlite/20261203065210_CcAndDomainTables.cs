using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CcAndDomainTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OrganizationDomains",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OrganizationDomains", x => new { x.OrganizationId, x.Domain });
                    table.ForeignKey(
                        name: "FK_OrganizationDomains_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TicketCc",
                columns: table => new
                {
                    TicketNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TicketCc", x => new { x.TicketNumber, x.Address });
                    table.ForeignKey(
                        name: "FK_TicketCc_Tickets_TicketNumber",
                        column: x => x.TicketNumber,
                        principalTable: "Tickets",
                        principalColumn: "Number",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OrganizationDomains_Domain",
                table: "OrganizationDomains",
                column: "Domain");

            migrationBuilder.CreateIndex(
                name: "IX_TicketCc_Address",
                table: "TicketCc",
                column: "Address");

            // The old comma- and space-separated lists become rows, before their columns go.
            migrationBuilder.Sql("""
                WITH RECURSIVE split("Number", "Item", "Rest") AS (
                    SELECT "Number", '', "Cc" || ',' FROM "Tickets" WHERE "Cc" IS NOT NULL
                    UNION ALL
                    SELECT "Number", substr("Rest", 1, instr("Rest", ',') - 1), substr("Rest", instr("Rest", ',') + 1) FROM split WHERE "Rest" <> ''
                )
                INSERT INTO "TicketCc" ("TicketNumber", "Address")
                SELECT DISTINCT "Number", substr(lower(trim("Item")), 1, 254) FROM split WHERE trim("Item") <> '';
                """);
            migrationBuilder.Sql("""
                WITH RECURSIVE split("Id", "Item", "Rest") AS (
                    SELECT "Id", '', "Domains" || ' ' FROM "Organizations" WHERE "Domains" IS NOT NULL
                    UNION ALL
                    SELECT "Id", substr("Rest", 1, instr("Rest", ' ') - 1), substr("Rest", instr("Rest", ' ') + 1) FROM split WHERE "Rest" <> ''
                )
                INSERT INTO "OrganizationDomains" ("OrganizationId", "Domain")
                SELECT DISTINCT "Id", substr("Item", 1, 253) FROM split WHERE "Item" <> '';
                """);

            // SQLite drops a column in place (3.35+): EF's table rebuild would lose the search triggers on Tickets (013).
            migrationBuilder.Sql("ALTER TABLE \"Tickets\" DROP COLUMN \"Cc\";");
            migrationBuilder.Sql("ALTER TABLE \"Organizations\" DROP COLUMN \"Domains\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OrganizationDomains");

            migrationBuilder.DropTable(
                name: "TicketCc");

            migrationBuilder.AddColumn<string>(
                name: "Cc",
                table: "Tickets",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Domains",
                table: "Organizations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);
        }
    }
}
