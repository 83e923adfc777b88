using Helpdesk.Core.Availability;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using NodaTime;

namespace Helpdesk.Core.Reports;

/// <summary>
/// An organization's SLA record for one calendar month (in the organization's time zone, else the helpdesk's): its
/// tickets' first response and resolution against their policies' targets, median times, the clocks that breached,
/// the availability of the services promised to it, and satisfaction. What its contacts are emailed on the month's
/// first business day, and what the portal and the supervisors' page show.
/// </summary>
public sealed record MonthlyReport(
    int OrganizationId,
    string Organization,
    YearMonth Month,
    TimeZoneInfo Zone,
    DateTimeOffset From,
    DateTimeOffset To,
    ReportSummary Summary,
    IReadOnlyList<BreachRow> Breaches,
    bool MoreBreaches,
    IReadOnlyList<ServiceMonth> Availability)
{
    /// <summary>False while the month is still going (its figures are so far).</summary>
    public bool Complete { get; init; } = true;
}

/// <summary>Builds <see cref="MonthlyReport"/>s from the report queries and the availability calculator.</summary>
public sealed class MonthlyReports(IReportQueries reports, IDirectoryQueries directory, AvailabilityReport availability, ISlaStore sla, DisplayZone display, TimeProvider time)
{
    /// <summary>Breached clocks listed by number; the report says how many more there were.</summary>
    public const int BreachesListed = 100;

    /// <summary>The organization's report for <paramref name="month"/>, or null when there is no such organization.</summary>
    public async Task<MonthlyReport?> BuildAsync(int organizationId, YearMonth month, CancellationToken ct = default)
    {
        if (await directory.GetOrganizationAsync(organizationId, ct) is not { } organization)
        {
            return null;
        }

        var zone = ZoneOf(organization.TimeZone);
        var (from, to) = Bounds(month, zone);
        var now = time.GetUtcNow();
        var filter = new ReportFilter(from, to, OrganizationId: organizationId);
        var summary = await reports.SummaryAsync(filter, now, ct);

        // Which priorities each target is the policy's for (a policy renamed since keeps its old name on its clocks: none then).
        var policies = (await sla.SetupAsync(ct)).Policies.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.First());
        summary = summary with
        {
            ByTarget = [.. summary.ByTarget.Select(t => t with
            {
                Priorities = policies.TryGetValue(t.PolicyName, out var policy)
                    ? [.. Enum.GetValues<TicketPriority>().Where(p => policy.TargetMinutes(t.Metric, p) == t.TargetMinutes).OrderDescending()]
                    : [],
            })],
        };
        var breaches = await reports.Breaches(filter, now, BreachesListed + 1, ct).ToListAsync(ct);
        var services = (await availability.MonthsAsync(month, month, organizationId, ct))[0].Services;
        return new MonthlyReport(
            organizationId, organization.Name, month, zone, from, to, summary,
            [.. breaches.Take(BreachesListed).OrderBy(b => b.BreachedAt).ThenBy(b => b.Number)], breaches.Count > BreachesListed, services)
        {
            Complete = now >= to,
        };
    }

    /// <summary>The month before the present one, in the organization's zone.</summary>
    public YearMonth LastMonth(string? organizationZone) => ThisMonth(organizationZone).PlusMonths(-1);

    /// <summary>The present month in the organization's zone.</summary>
    public YearMonth ThisMonth(string? organizationZone)
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), ZoneOf(organizationZone));
        return new YearMonth(local.Year, local.Month);
    }

    /// <summary>The organization's zone, else the helpdesk's.</summary>
    public TimeZoneInfo ZoneOf(string? organizationZone) =>
        organizationZone is { } id && TimeZones.IsKnown(id) ? TimeZoneInfo.FindSystemTimeZoneById(id) : display.Zone;

    /// <summary>The same zone in NodaTime's database (the machine's ids are IANA ones).</summary>
    public static DateTimeZone Noda(TimeZoneInfo zone) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone.Id) ?? DateTimeZone.Utc;

    /// <summary>The month's first and last instants [From, To) in the zone, in UTC (as the database stores instants).</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Bounds(YearMonth month, TimeZoneInfo zone)
    {
        var noda = Noda(zone);
        return (month.OnDayOfMonth(1).AtStartOfDayInZone(noda).ToInstant().ToDateTimeOffset(), month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(noda).ToInstant().ToDateTimeOffset());
    }
}
