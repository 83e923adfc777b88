using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>Who gets the monthly SLA reports, and which have gone out.</summary>
public interface IMonthlyReportStore
{
    /// <summary>Every organization with its zone and when it was created (few rows, read once a run).</summary>
    Task<IReadOnlyList<ReportOrganization>> OrganizationsAsync(CancellationToken ct = default);

    /// <summary>The organizations whose report for one of <paramref name="months"/> has gone out, with the month.</summary>
    Task<IReadOnlySet<(int OrganizationId, int Month)>> SentAsync(IReadOnlyCollection<int> months, CancellationToken ct = default);

    /// <summary>The organization's contacts who asked for the report and whose address does not bounce.</summary>
    Task<IReadOnlyList<ReportRecipient>> RecipientsAsync(int organizationId, CancellationToken ct = default);

    /// <summary>
    /// Saves the run together with everything queued beside it (the emails), in one transaction; false, with nothing
    /// saved, when the report for that organization and month was recorded already (another node was first).
    /// </summary>
    Task<bool> RecordAsync(MonthlyReportRun run, CancellationToken ct = default);
}

public sealed record ReportOrganization(int Id, string Name, string? TimeZone, DateTimeOffset CreatedAt);

/// <param name="Language">The language the contact reads (theirs, else their organization's); null: the helpdesk's.</param>
public sealed record ReportRecipient(int CustomerId, string Email, string? Name, string? TimeZone, string? Language = null);
