using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Helpdesk.Infrastructure.Data.Migrations;

// One set per provider, each a frozen SQL script (see docs/decisions/003-migrations.md).
// Add a migration: write NNNN_Name.sql for both providers and a class pair below with a later id.

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000001_Initial")]
public sealed class SqliteInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Sqlite", "0001_Initial.sql"));
}

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000001_Initial")]
public sealed class PostgresInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Postgres", "0001_Initial.sql"));
}

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000002_SearchAndSortIndexes")]
public sealed class SqliteSearchAndSortIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Sqlite", "0002_SearchAndSortIndexes.sql"));
}

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000002_SearchAndSortIndexes")]
public sealed class PostgresSearchAndSortIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Postgres", "0002_SearchAndSortIndexes.sql"));
}

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000003_SlaClocks")]
public sealed class SqliteSlaClocks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Sqlite", "0003_SlaClocks.sql"));
}

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000003_SlaClocks")]
public sealed class PostgresSlaClocks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Postgres", "0003_SlaClocks.sql"));
}

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000004_Outbox")]
public sealed class SqliteOutbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Sqlite", "0004_Outbox.sql"));
}

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000004_Outbox")]
public sealed class PostgresOutbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Postgres", "0004_Outbox.sql"));
}

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000005_SlaEscalations")]
public sealed class SqliteSlaEscalations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Sqlite", "0005_SlaEscalations.sql"));
}

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000005_SlaEscalations")]
public sealed class PostgresSlaEscalations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script("Postgres", "0005_SlaEscalations.sql"));
}
