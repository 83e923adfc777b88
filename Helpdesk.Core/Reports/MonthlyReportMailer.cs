using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Core.Reports;

/// <summary>
/// Sends each organization's report for the month just ended to its contacts who asked for it, once the month's first
/// business day has begun (in the organization's zone and by its policy's calendar). Exactly once per organization and
/// month, with several nodes or a restart in the middle: the report is computed outside any transaction, then the
/// emails and the run's row (keyed by organization and month) are written in one; whoever commits second writes nothing.
/// A node that stopped before its commit left nothing, and the next run does that organization.
/// </summary>
public sealed class MonthlyReportMailer(IMonthlyReportStore store, MonthlyReports reports, MailComposer mail, ISlaStore sla, TimeProvider time)
{
    /// <summary>What one run did: reports sent, emails queued, and those another node had sent first.</summary>
    public sealed record Outcome(int Reports, int Emails, int AlreadySent);

    public async Task<Outcome> RunAsync(CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var setup = await sla.SetupAsync(ct);
        var due = new List<(ReportOrganization Organization, YearMonth Month)>();
        foreach (var organization in await store.OrganizationsAsync(ct))
        {
            var month = reports.LastMonth(organization.TimeZone);
            var zone = reports.ZoneOf(organization.TimeZone);
            var (_, end) = MonthlyReports.Bounds(month, zone);

            // An organization that did not exist in the month has nothing to report for it.
            if (organization.CreatedAt < end && now >= FirstBusinessMoment(organization.Id, month.PlusMonths(1), zone, setup))
            {
                due.Add((organization, month));
            }
        }

        if (due.Count == 0)
        {
            return new Outcome(0, 0, 0);
        }

        var sent = await store.SentAsync([.. due.Select(d => MonthlyReportRun.Key(d.Month)).Distinct()], ct);
        int reportsSent = 0, emails = 0, lost = 0;
        foreach (var (organization, month) in due.Where(d => !sent.Contains((d.Organization.Id, MonthlyReportRun.Key(d.Month)))))
        {
            ct.ThrowIfCancellationRequested();
            if (await reports.BuildAsync(organization.Id, month, ct) is not { } report)
            {
                continue; // deleted meanwhile
            }

            var recipients = await store.RecipientsAsync(organization.Id, ct);
            foreach (var recipient in recipients)
            {
                mail.QueueMonthlyReport(report, recipient);
            }

            if (await store.RecordAsync(new MonthlyReportRun(organization.Id, MonthlyReportRun.Key(month), recipients.Count, time.GetUtcNow()), ct))
            {
                reportsSent++;
                emails += recipients.Count;
            }
            else
            {
                lost++;
            }
        }

        return new Outcome(reportsSent, emails, lost);
    }

    /// <summary>
    /// When the month's first business day opens for the organization: the first open moment of the calendar of the
    /// first active policy that can apply to its tickets (naming it, or naming no organization); without one, the
    /// month's first weekday at midnight in its zone.
    /// </summary>
    public static DateTimeOffset FirstBusinessMoment(int organizationId, YearMonth month, TimeZoneInfo zone, SlaSetup setup)
    {
        var (start, _) = MonthlyReports.Bounds(month, zone);
        var policy = setup.Policies.Where(p => p.IsActive && (p.OrganizationIds.Count == 0 || p.OrganizationIds.Contains(organizationId)))
            .OrderBy(p => p.Position).FirstOrDefault();
        if (policy is not null && setup.Calendars.TryGetValue(policy.CalendarId, out var calendar)
            && calendar.Between(Instant.FromDateTimeOffset(start), Instant.FromDateTimeOffset(start) + Duration.FromDays(31)) > Duration.Zero)
        {
            // The instant one tick of business time has passed, less that tick: the first open moment.
            return (calendar.Due(Instant.FromDateTimeOffset(start), Duration.FromTicks(1)) - Duration.FromTicks(1)).ToDateTimeOffset();
        }

        var day = month.OnDayOfMonth(1);
        while (day.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday)
        {
            day = day.PlusDays(1);
        }

        return day.AtStartOfDayInZone(MonthlyReports.Noda(zone)).ToInstant().ToDateTimeOffset();
    }
}
