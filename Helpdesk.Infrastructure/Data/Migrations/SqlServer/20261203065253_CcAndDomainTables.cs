using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.SqlServer
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
                    OrganizationId = table.Column<int>(type: "int", nullable: false),
                    Domain = table.Column<string>(type: "nvarchar(253)", maxLength: 253, nullable: false)
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
                    TicketNumber = table.Column<int>(type: "int", nullable: false),
                    Address = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: false)
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
                INSERT INTO [TicketCc] ([TicketNumber], [Address])
                SELECT DISTINCT t.[Number], LEFT(LOWER(LTRIM(RTRIM(s.[value]))), 254)
                FROM [Tickets] t CROSS APPLY STRING_SPLIT(t.[Cc], ',') s
                WHERE t.[Cc] IS NOT NULL AND LTRIM(RTRIM(s.[value])) <> N'';
                """);
            migrationBuilder.Sql("""
                INSERT INTO [OrganizationDomains] ([OrganizationId], [Domain])
                SELECT DISTINCT o.[Id], LEFT(s.[value], 253)
                FROM [Organizations] o CROSS APPLY STRING_SPLIT(o.[Domains], ' ') s
                WHERE o.[Domains] IS NOT NULL AND s.[value] <> N'';
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
                type: "nvarchar(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Domains",
                table: "Organizations",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);
        }
    }
}
