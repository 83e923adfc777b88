using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Core.Availability;

/// <summary>A stretch when a service was down (or only degraded, which does not count as downtime); no end while it lasts.</summary>
public sealed record Outage(Instant Start, Instant? End, bool Degraded = false);

/// <summary>
/// A service's availability over one calendar month: the time measured (the month so far, in the service calendar's
/// hours), the downtime in it, the share it was up, and the downtime its target allows over the whole month.
/// </summary>
public sealed record MonthlyAvailability(YearMonth Month, Duration Measured, Duration Downtime, double? Achieved, double TargetPercent, Duration Allowed, bool InProgress)
{
    /// <summary>What the target still allows this month; negative once it is exceeded.</summary>
    public Duration BudgetLeft => Allowed - Downtime;

    public bool Met => Achieved is not double achieved || achieved * 100 >= TargetPercent;
}

/// <summary>One day of a service's history, as the status page draws it.</summary>
public sealed record DayAvailability(LocalDate Day, Duration Measured, Duration Downtime)
{
    public double? Achieved => Measured > Duration.Zero ? 1 - (Downtime / Measured) : null;
}

/// <summary>
/// Availability computed exactly over a calendar: downtime is the union of the outages (overlaps counted once,
/// degraded stretches not at all), clipped to the period and counted in the calendar's open hours only. A service
/// without hours of its own uses a 24/7 calendar in the helpdesk's zone.
/// </summary>
public static class AvailabilityCalculator
{
    /// <param name="since">When measuring began (the service was defined), if within the month: nothing before counts.</param>
    public static MonthlyAvailability Month(BusinessCalendar calendar, YearMonth month, IEnumerable<Outage> outages, double targetPercent, Instant now, Instant? since = null)
    {
        var monthStart = Start(calendar, month.OnDayOfMonth(1));
        var start = since is { } s ? Max(monthStart, s) : monthStart;
        var end = Start(calendar, month.PlusMonths(1).OnDayOfMonth(1));
        var until = Min(end, now);
        var measured = until > start ? calendar.Between(start, until) : Duration.Zero;
        var downtime = until > start ? Downtime(calendar, outages, start, until, now) : Duration.Zero;
        var allowed = Duration.FromTicks((long)Math.Round(calendar.Between(monthStart, end).BclCompatibleTicks * (100 - targetPercent) / 100));
        return new MonthlyAvailability(month, measured, downtime, measured > Duration.Zero ? 1 - (downtime / measured) : null, targetPercent, allowed, now < end);
    }

    /// <summary>Each day from <paramref name="first"/> for <paramref name="days"/> days (in the calendar's zone), from <paramref name="since"/> (if given) up to now.</summary>
    public static IReadOnlyList<DayAvailability> Days(BusinessCalendar calendar, LocalDate first, int days, IEnumerable<Outage> outages, Instant now, Instant? since = null)
    {
        var all = outages.ToList();
        var result = new List<DayAvailability>(days);
        for (var i = 0; i < days; i++)
        {
            var day = first.PlusDays(i);
            var start = since is { } s ? Max(Start(calendar, day), s) : Start(calendar, day);
            var until = Min(Start(calendar, day.PlusDays(1)), now);
            result.Add(until > start
                ? new DayAvailability(day, calendar.Between(start, until), Downtime(calendar, all, start, until, now))
                : new DayAvailability(day, Duration.Zero, Duration.Zero));
        }

        return result;
    }

    /// <summary>The open time within [from, until) during which at least one outage (not degraded) lasted.</summary>
    public static Duration Downtime(BusinessCalendar calendar, IEnumerable<Outage> outages, Instant from, Instant until, Instant now)
    {
        var down = Duration.Zero;
        Instant? runStart = null;
        var runEnd = from;
        foreach (var (start, end) in outages
            .Where(o => !o.Degraded)
            .Select(o => (Start: Max(o.Start, from), End: Min(o.End ?? now, until)))
            .Where(o => o.Start < o.End)
            .OrderBy(o => o.Start))
        {
            if (runStart is null || start > runEnd)
            {
                if (runStart is { } previous)
                {
                    down += calendar.Between(previous, runEnd);
                }

                (runStart, runEnd) = (start, end);
            }
            else if (end > runEnd)
            {
                runEnd = end;
            }
        }

        return runStart is { } last ? down + calendar.Between(last, runEnd) : down;
    }

    private static Instant Start(BusinessCalendar calendar, LocalDate day) => day.AtStartOfDayInZone(calendar.Zone).ToInstant();

    private static Instant Min(Instant a, Instant b) => a < b ? a : b;

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;
}
