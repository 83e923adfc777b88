namespace Helpdesk.Core.Domain;

/// <summary>
/// The record that an organization's report for a month went out: one row per organization and month (its key), written
/// in the same transaction as the emails to its contacts, so a second node or a restart finds it and sends nothing again.
/// </summary>
public sealed class MonthlyReportRun
{
    private MonthlyReportRun()
    {
    }

    public MonthlyReportRun(int organizationId, int month, int recipients, DateTimeOffset now)
    {
        OrganizationId = organizationId;
        Month = month;
        Recipients = recipients;
        SentAt = now;
    }

    public int OrganizationId { get; private set; }

    /// <summary>The month as year × 100 + month: 202611 for November 2026.</summary>
    public int Month { get; private set; }

    /// <summary>How many contacts were emailed.</summary>
    public int Recipients { get; private set; }

    public DateTimeOffset SentAt { get; private set; }

    public static int Key(NodaTime.YearMonth month) => (month.Year * 100) + month.Month;
}
