using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Helpdesk.Infrastructure.Data.Migrations;

// One set per provider, each a frozen SQL script (see docs/decisions/002-migrations-as-frozen-sql.md).
// Add a migration: write NNNN_Name.sql for both providers and a class pair below with a later id.

/// <summary>A migration that runs one embedded SQL script of its provider.</summary>
public abstract class ScriptMigration(string provider, string script) : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.Sql(DatabaseMigrator.Script(provider, script));
}

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000001_Initial")]
public sealed class SqliteInitial() : ScriptMigration("Sqlite", "0001_Initial.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000001_Initial")]
public sealed class PostgresInitial() : ScriptMigration("Postgres", "0001_Initial.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000002_SearchAndSortIndexes")]
public sealed class SqliteSearchAndSortIndexes() : ScriptMigration("Sqlite", "0002_SearchAndSortIndexes.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000002_SearchAndSortIndexes")]
public sealed class PostgresSearchAndSortIndexes() : ScriptMigration("Postgres", "0002_SearchAndSortIndexes.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000003_SlaClocks")]
public sealed class SqliteSlaClocks() : ScriptMigration("Sqlite", "0003_SlaClocks.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000003_SlaClocks")]
public sealed class PostgresSlaClocks() : ScriptMigration("Postgres", "0003_SlaClocks.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000004_Outbox")]
public sealed class SqliteOutbox() : ScriptMigration("Sqlite", "0004_Outbox.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000004_Outbox")]
public sealed class PostgresOutbox() : ScriptMigration("Postgres", "0004_Outbox.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000005_SlaEscalations")]
public sealed class SqliteSlaEscalations() : ScriptMigration("Sqlite", "0005_SlaEscalations.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000005_SlaEscalations")]
public sealed class PostgresSlaEscalations() : ScriptMigration("Postgres", "0005_SlaEscalations.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261122000006_BreachActions")]
public sealed class SqliteBreachActions() : ScriptMigration("Sqlite", "0006_BreachActions.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261122000006_BreachActions")]
public sealed class PostgresBreachActions() : ScriptMigration("Postgres", "0006_BreachActions.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261123000007_EscalationLevels")]
public sealed class SqliteEscalationLevels() : ScriptMigration("Sqlite", "0007_EscalationLevels.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261123000007_EscalationLevels")]
public sealed class PostgresEscalationLevels() : ScriptMigration("Postgres", "0007_EscalationLevels.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261123000008_MailIntake")]
public sealed class SqliteMailIntake() : ScriptMigration("Sqlite", "0008_MailIntake.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261123000008_MailIntake")]
public sealed class PostgresMailIntake() : ScriptMigration("Postgres", "0008_MailIntake.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261123000009_InlineImages")]
public sealed class SqliteInlineImages() : ScriptMigration("Sqlite", "0009_InlineImages.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261123000009_InlineImages")]
public sealed class PostgresInlineImages() : ScriptMigration("Postgres", "0009_InlineImages.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261123000010_SlaRecomputeRequests")]
public sealed class SqliteSlaRecomputeRequests() : ScriptMigration("Sqlite", "0010_SlaRecomputeRequests.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261123000010_SlaRecomputeRequests")]
public sealed class PostgresSlaRecomputeRequests() : ScriptMigration("Postgres", "0010_SlaRecomputeRequests.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261123000011_Disruptions")]
public sealed class SqliteDisruptions() : ScriptMigration("Sqlite", "0011_Disruptions.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261123000011_Disruptions")]
public sealed class PostgresDisruptions() : ScriptMigration("Postgres", "0011_Disruptions.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261123000012_TicketDisruption")]
public sealed class SqliteTicketDisruption() : ScriptMigration("Sqlite", "0012_TicketDisruption.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261123000012_TicketDisruption")]
public sealed class PostgresTicketDisruption() : ScriptMigration("Postgres", "0012_TicketDisruption.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261201000013_DisruptionSla")]
public sealed class SqliteDisruptionSla() : ScriptMigration("Sqlite", "0013_DisruptionSla.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261201000013_DisruptionSla")]
public sealed class PostgresDisruptionSla() : ScriptMigration("Postgres", "0013_DisruptionSla.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261201000014_Reports")]
public sealed class SqliteReports() : ScriptMigration("Sqlite", "0014_Reports.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261201000014_Reports")]
public sealed class PostgresReports() : ScriptMigration("Postgres", "0014_Reports.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261201000015_Satisfaction")]
public sealed class SqliteSatisfaction() : ScriptMigration("Sqlite", "0015_Satisfaction.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261201000015_Satisfaction")]
public sealed class PostgresSatisfaction() : ScriptMigration("Postgres", "0015_Satisfaction.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261201000016_ListUnsubscribe")]
public sealed class SqliteListUnsubscribe() : ScriptMigration("Sqlite", "0016_ListUnsubscribe.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261201000016_ListUnsubscribe")]
public sealed class PostgresListUnsubscribe() : ScriptMigration("Postgres", "0016_ListUnsubscribe.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261202000017_HostileMail")]
public sealed class SqliteHostileMail() : ScriptMigration("Sqlite", "0017_HostileMail.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261202000017_HostileMail")]
public sealed class PostgresHostileMail() : ScriptMigration("Postgres", "0017_HostileMail.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261202000018_MessageSearch")]
public sealed class SqliteMessageSearch() : ScriptMigration("Sqlite", "0018_MessageSearch.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261202000018_MessageSearch")]
public sealed class PostgresMessageSearch() : ScriptMigration("Postgres", "0018_MessageSearch.sql");

[DbContext(typeof(SqliteHelpdeskDbContext))]
[Migration("20261202000019_DropQuartz")]
public sealed class SqliteDropQuartz() : ScriptMigration("Sqlite", "0019_DropQuartz.sql");

[DbContext(typeof(PostgresHelpdeskDbContext))]
[Migration("20261202000019_DropQuartz")]
public sealed class PostgresDropQuartz() : ScriptMigration("Postgres", "0019_DropQuartz.sql");
