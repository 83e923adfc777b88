using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AfterSend : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Added without a lasting default, as the model creates it: nullable, filled, then required.
            migrationBuilder.AddColumn<int>(
                name: "AfterSend",
                table: "Agents",
                type: "integer",
                nullable: true);
            migrationBuilder.Sql("UPDATE \"Agents\" SET \"AfterSend\" = 0;");
            migrationBuilder.AlterColumn<int>(
                name: "AfterSend",
                table: "Agents",
                type: "integer",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AfterSend",
                table: "Agents");
        }
    }
}
