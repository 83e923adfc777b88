using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
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
                    OrganizationId = table.Column<int>(type: "integer", nullable: false),
                    Domain = table.Column<string>(type: "character varying(253)", maxLength: 253, nullable: false)
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
                    TicketNumber = table.Column<int>(type: "integer", nullable: false),
                    Address = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false)
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
                INSERT INTO "TicketCc" ("TicketNumber", "Address")
                SELECT DISTINCT t."Number", left(lower(btrim(a)), 254)
                FROM "Tickets" t CROSS JOIN LATERAL unnest(string_to_array(t."Cc", ',')) AS a
                WHERE t."Cc" IS NOT NULL AND btrim(a) <> '';
                """);
            migrationBuilder.Sql("""
                INSERT INTO "OrganizationDomains" ("OrganizationId", "Domain")
                SELECT DISTINCT o."Id", left(d, 253)
                FROM "Organizations" o CROSS JOIN LATERAL unnest(string_to_array(o."Domains", ' ')) AS d
                WHERE o."Domains" IS NOT NULL AND d <> '';
                """);

            migrationBuilder.DropColumn(
                name: "Cc",
                table: "Tickets");

            migrationBuilder.DropColumn(
                name: "Domains",
                table: "Organizations");
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
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Domains",
                table: "Organizations",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);
        }
    }
}
