using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Core.Availability;

/// <summary>A service's record as the status page shows it: up, degraded or down now, this month so far, and each recent day.</summary>
public sealed record ServiceHistory(int Id, string Name, ServiceState State, MonthlyAvailability ThisMonth, IReadOnlyList<DayAvailability> Days);

/// <summary>A service's availability over one month, against the target of the organization asked about (else everyone's).</summary>
public sealed record ServiceMonth(int Id, string Name, MonthlyAvailability Availability);

public enum ServiceState
{
    Up,
    Degraded,
    Down,
}

/// <summary>Reads services and the disruptions that named them, and computes their availability (<see cref="AvailabilityCalculator"/>).</summary>
public sealed class AvailabilityReport(IServiceStore services, IDisruptionStore disruptions, ISlaStore sla, DisplayZone display, TimeProvider time)
{
    /// <summary>Every active service over the last <paramref name="days"/> days (today included) and this month.</summary>
    public async Task<IReadOnlyList<ServiceHistory>> HistoryAsync(int days, CancellationToken ct = default)
    {
        var active = (await services.AllAsync(ct)).Where(s => s.IsActive).ToList();
        if (active.Count == 0)
        {
            return [];
        }

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var setup = await sla.SetupAsync(ct);

        // From the start of the earlier of the period's first day and this month's, with a day to spare for zones.
        var window = (now - Duration.FromDays(Math.Max(days, 31) + 1)).ToDateTimeOffset();
        var named = (await disruptions.SinceAsync(window, ct)).Where(d => d.ServiceIds.Count > 0).ToList();
        var result = new List<ServiceHistory>(active.Count);
        foreach (var service in active)
        {
            var calendar = CalendarOf(service, setup);
            var outages = OutagesOf(service, named, null);
            var today = now.InZone(calendar.Zone).Date;

            // Nothing before the service was defined is measured (no bar says "up" for a service nobody watched).
            var defined = Instant.FromDateTimeOffset(service.CreatedAt);
            var ongoing = outages.Where(o => o.End is null).ToList();
            result.Add(new ServiceHistory(
                service.Id,
                service.Name,
                ongoing.Any(o => !o.Degraded) ? ServiceState.Down : ongoing.Count > 0 ? ServiceState.Degraded : ServiceState.Up,
                AvailabilityCalculator.Month(calendar, new YearMonth(today.Year, today.Month), outages, service.TargetPercent, now, defined),
                AvailabilityCalculator.Days(calendar, today.PlusDays(1 - days), days, outages, now, defined)));
        }

        return result;
    }

    /// <summary>
    /// Each month from <paramref name="first"/> to <paramref name="last"/> (at most 24), every active service defined before
    /// the month's end, against <paramref name="organizationId"/>'s target and counting only the disruptions that touched
    /// that organization (declared for everyone, by category, or naming it); without one, everyone's target and every disruption.
    /// </summary>
    public async Task<IReadOnlyList<(YearMonth Month, IReadOnlyList<ServiceMonth> Services)>> MonthsAsync(
        YearMonth first, YearMonth last, int? organizationId, CancellationToken ct = default)
    {
        var months = new List<YearMonth>();
        for (var month = first; month <= last && months.Count < 24; month = month.PlusMonths(1))
        {
            months.Add(month);
        }

        var active = (await services.AllAsync(ct)).Where(s => s.IsActive).ToList();
        if (active.Count == 0 || months.Count == 0)
        {
            return [.. months.Select(m => (m, (IReadOnlyList<ServiceMonth>)[]))];
        }

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var setup = await sla.SetupAsync(ct);

        // Two days to spare either side for calendars in other zones than UTC.
        var from = months[0].OnDayOfMonth(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() - Duration.FromDays(2);
        var until = months[^1].PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant() + Duration.FromDays(2);
        var named = (await disruptions.SinceAsync(from.ToDateTimeOffset(), ct, until.ToDateTimeOffset())).Where(d => d.ServiceIds.Count > 0).ToList();
        return [.. months.Select(month => (month, (IReadOnlyList<ServiceMonth>)[.. active
            .Select(service => (Service: service, Calendar: CalendarOf(service, setup)))
            .Where(s => Instant.FromDateTimeOffset(s.Service.CreatedAt) < month.PlusMonths(1).OnDayOfMonth(1).AtStartOfDayInZone(s.Calendar.Zone).ToInstant())
            .OrderBy(s => s.Service.Name, StringComparer.CurrentCulture)
            .Select(s => new ServiceMonth(s.Service.Id, s.Service.Name, AvailabilityCalculator.Month(
                s.Calendar, month, OutagesOf(s.Service, named, organizationId), s.Service.TargetFor(organizationId), now, Instant.FromDateTimeOffset(s.Service.CreatedAt))))]))];
    }

    private BusinessCalendar? _aroundTheClock;

    /// <summary>The service's own hours, or around the clock in the helpdesk's zone (compiled once).</summary>
    private BusinessCalendar CalendarOf(Service service, SlaSetup setup) =>
        service.CalendarId is int id && setup.Calendars.TryGetValue(id, out var own)
            ? own
            : _aroundTheClock ??= new BusinessCalendar(CalendarDefinition.TwentyFourSeven("Around the clock", display.Zone.Id));

    /// <summary>The disruptions that named the service (for one organization: those that touched it) as outages.</summary>
    private static List<Outage> OutagesOf(Service service, IEnumerable<Disruption> named, int? organizationId) =>
        [.. named
            .Where(d => d.ServiceIds.Contains(service.Id))
            .Where(d => organizationId is not int id || d.Everyone || d.OrganizationIds.Count == 0 || d.OrganizationIds.Contains(id))
            .Select(d => new Outage(Instant.FromDateTimeOffset(d.StartedAt), d.EndedAt is { } end ? Instant.FromDateTimeOffset(end) : null, d.Degraded))];
}
