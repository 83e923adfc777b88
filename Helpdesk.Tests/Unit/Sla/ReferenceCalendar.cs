using Helpdesk.Core.Sla;
using NodaTime;
using NodaTime.TimeZones;

namespace Helpdesk.Tests.Unit.Sla;

/// <summary>
/// The definition of business time, written as plainly as possible to check the engine against: every
/// day's intervals resolved on their own, and time walked minute by minute. All interval boundaries are
/// whole UTC minutes (every zone offset is), so a minute is wholly open or wholly closed.
/// </summary>
public sealed class ReferenceCalendar(CalendarDefinition definition)
{
    private readonly DateTimeZone _zone = DateTimeZoneProviders.Tzdb[definition.TimeZoneId];

    public bool[] OpenMinutes(Instant from, int minutes)
    {
        var intervals = Intervals(from.InZone(_zone).Date.PlusDays(-2), from.Plus(Duration.FromMinutes(minutes)).InZone(_zone).Date.PlusDays(1));
        var open = new bool[minutes];
        foreach (var (s, e) in intervals)
        {
            var a = (int)Math.Max(0, (s - from).TotalMinutes);
            var b = (int)Math.Min(minutes, (e - from).TotalMinutes);
            for (var m = a; m < b; m++)
            {
                open[m] = true;
            }
        }

        return open;
    }

    /// <summary>Due by walking minutes; the horizon is how far to look (the calendar may be sparse).</summary>
    public Instant Due(Instant start, int businessMinutes, int horizonMinutes)
    {
        if (businessMinutes == 0)
        {
            return start;
        }

        var open = OpenMinutes(start, horizonMinutes);
        var count = 0;
        for (var m = 0; m < open.Length; m++)
        {
            if (open[m] && ++count == businessMinutes)
            {
                return start.Plus(Duration.FromMinutes(m + 1));
            }
        }

        throw new InvalidOperationException("horizon too short");
    }

    public int BetweenMinutes(Instant a, Instant b) =>
        b <= a ? 0 : OpenMinutes(a, (int)(b - a).TotalMinutes).Count(x => x);

    private List<(Instant, Instant)> Intervals(LocalDate first, LocalDate last)
    {
        var result = new List<(Instant, Instant)>();
        for (var d = first; d <= last; d = d.PlusDays(1))
        {
            var holiday = definition.Holidays.FirstOrDefault(h => h.Date == d);
            var open = holiday is not null ? holiday.Open : definition.On(d.DayOfWeek);
            foreach (var interval in open)
            {
                var s = _zone.ResolveLocal(d.AtMidnight().PlusMinutes(interval.Start), Resolvers.LenientResolver).ToInstant();
                var e = _zone.ResolveLocal(d.AtMidnight().PlusMinutes(interval.End), Resolvers.LenientResolver).ToInstant();
                result.Add((s, e));
            }
        }

        return result;
    }
}
