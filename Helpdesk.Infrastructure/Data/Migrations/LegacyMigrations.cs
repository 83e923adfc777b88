namespace Helpdesk.Infrastructure.Data.Migrations;

/// <summary>
/// The frozen SQL migrations this app had before its migrations were made by EF Core's tools (docs/decisions/016-ef-migrations-and-sql-server.md).
/// A database they made (SQLite or PostgreSQL) is brought to the last of them, then recorded as at the EF baseline, whose
/// schema is the same; see <see cref="DatabaseMigrator"/>. Never edited: they describe databases that exist.
/// </summary>
public static class LegacyMigrations
{
    /// <summary>Each script's id in <c>__EFMigrationsHistory</c> and its file under <c>Legacy/{provider}/</c>, in order.</summary>
    public static readonly IReadOnlyList<(string Id, string Script)> Scripts =
    [
        ("20261122000001_Initial", "0001_Initial.sql"),
        ("20261122000002_SearchAndSortIndexes", "0002_SearchAndSortIndexes.sql"),
        ("20261122000003_SlaClocks", "0003_SlaClocks.sql"),
        ("20261122000004_Outbox", "0004_Outbox.sql"),
        ("20261122000005_SlaEscalations", "0005_SlaEscalations.sql"),
        ("20261122000006_BreachActions", "0006_BreachActions.sql"),
        ("20261123000007_EscalationLevels", "0007_EscalationLevels.sql"),
        ("20261123000008_MailIntake", "0008_MailIntake.sql"),
        ("20261123000009_InlineImages", "0009_InlineImages.sql"),
        ("20261123000010_SlaRecomputeRequests", "0010_SlaRecomputeRequests.sql"),
        ("20261123000011_Disruptions", "0011_Disruptions.sql"),
        ("20261123000012_TicketDisruption", "0012_TicketDisruption.sql"),
        ("20261201000013_DisruptionSla", "0013_DisruptionSla.sql"),
        ("20261201000014_Reports", "0014_Reports.sql"),
        ("20261201000015_Satisfaction", "0015_Satisfaction.sql"),
        ("20261201000016_ListUnsubscribe", "0016_ListUnsubscribe.sql"),
        ("20261202000017_HostileMail", "0017_HostileMail.sql"),
        ("20261202000018_MessageSearch", "0018_MessageSearch.sql"),
        ("20261202000019_DropQuartz", "0019_DropQuartz.sql"),
    ];
}
