using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Core.Availability;

/// <summary>A service's record as the status page shows it: up, degraded or down now, this month so far, and each recent day.</summary>
public sealed record ServiceHistory(int Id, string Name, ServiceState State, MonthlyAvailability ThisMonth, IReadOnlyList<DayAvailability> Days);

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
        var aroundTheClock = new BusinessCalendar(CalendarDefinition.TwentyFourSeven("Around the clock", display.Zone.Id));

        // From the start of the earlier of the period's first day and this month's, with a day to spare for zones.
        var window = (now - Duration.FromDays(Math.Max(days, 31) + 1)).ToDateTimeOffset();
        var named = (await disruptions.SinceAsync(window, ct)).Where(d => d.ServiceIds.Count > 0).ToList();
        var result = new List<ServiceHistory>(active.Count);
        foreach (var service in active)
        {
            var calendar = service.CalendarId is int id && setup.Calendars.TryGetValue(id, out var own) ? own : aroundTheClock;
            var outages = named.Where(d => d.ServiceIds.Contains(service.Id))
                .Select(d => new Outage(Instant.FromDateTimeOffset(d.StartedAt), d.EndedAt is { } end ? Instant.FromDateTimeOffset(end) : null, d.Degraded))
                .ToList();
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
}
