using NodaTime;
using NodaTime.TimeZones;

namespace Helpdesk.Core.Sla;

/// <summary>
/// The two exact operations of a business calendar, compiled for speed:
/// <see cref="Due"/> (the earliest instant at which a span of business time has elapsed) and
/// <see cref="Between"/> (the business time inside [a, b)).
/// <para>
/// Business time is real elapsed time inside open intervals. Each day's intervals are local times of that
/// day (an overnight one ends the next day) resolved like NodaTime's lenient resolver: a time in a DST gap
/// moves forward by the gap, an ambiguous time takes the earlier instant. Work grows with the intervals
/// crossed; runs of whole weeks without a holiday or an offset change are skipped in one step, so a
/// year costs about as much as its holidays and DST changes.
/// </para>
/// Internally everything is in 100 ns ticks: instants from 0001-01-01 UTC, local times from 0001-01-01 local.
/// </summary>
public sealed class BusinessCalendar
{
    private const long TicksPerMinute = TimeSpan.TicksPerMinute;
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private const long TicksPerWeek = 7 * TicksPerDay;
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    private readonly DateTimeZone _zone;
    private readonly OpenInterval[][] _week = new OpenInterval[7][];   // index 0 = Monday
    private readonly long[] _spillTicks = new long[7];                   // how far a day's intervals reach past its midnight
    private readonly long _weekTicks;                                    // business ticks of a plain week
    private readonly long[] _holidayDays;                                // day numbers, sorted
    private readonly Dictionary<long, OpenInterval[]> _holidays;

    public BusinessCalendar(CalendarDefinition definition)
    {
        var problems = definition.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(definition));
        }

        Definition = definition;
        _zone = DateTimeZoneProviders.Tzdb[definition.TimeZoneId];
        for (var i = 0; i < 7; i++)
        {
            _week[i] = [.. definition.On((IsoDayOfWeek)(i + 1)).OrderBy(x => x.Start)];
            _spillTicks[i] = _week[i].Select(x => Math.Max(0, x.End - OpenInterval.MinutesPerDay) * TicksPerMinute).DefaultIfEmpty(0).Max();
            _weekTicks += _week[i].Sum(x => (long)(x.End - x.Start)) * TicksPerMinute;
        }

        _holidays = definition.Holidays.ToDictionary(h => (long)h.Date.ToDateOnly().DayNumber, h => h.Open.OrderBy(x => x.Start).ToArray());
        _holidayDays = [.. _holidays.Keys.Order()];
    }

    public CalendarDefinition Definition { get; }

    public DateTimeZone Zone => _zone;

    /// <summary>The earliest instant at which <paramref name="span"/> of business time has elapsed since <paramref name="start"/>.</summary>
    public Instant Due(Instant start, Duration span)
    {
        if (span <= Duration.Zero)
        {
            return start;
        }

        var cursor = start.ToUnixTimeTicks() + UnixEpochTicks;
        var remaining = span.BclCompatibleTicks;
        var zone = _zone.GetZoneInterval(start);
        var day = LocalDay(cursor, zone) - 1;    // yesterday's overnight shift may still be open

        while (true)
        {
            if (TrySkipWeeks(ref day, ref cursor, ref zone, remaining - 1, out var skipped))
            {
                remaining -= skipped;
                continue;
            }

            foreach (var interval in IntervalsOf(day))
            {
                var from = Resolve((day * TicksPerDay) + (interval.Start * TicksPerMinute), ref zone);
                var to = Resolve((day * TicksPerDay) + (interval.End * TicksPerMinute), ref zone);
                if (from < cursor)
                {
                    from = cursor;
                }

                if (to <= from)
                {
                    continue;
                }

                if (remaining <= to - from)
                {
                    return Instant.FromUnixTimeTicks(from + remaining - UnixEpochTicks);
                }

                remaining -= to - from;
                cursor = to;
            }

            day++;
        }
    }

    /// <summary>The business time inside [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public Duration Between(Instant from, Instant to)
    {
        if (to <= from)
        {
            return Duration.Zero;
        }

        var cursor = from.ToUnixTimeTicks() + UnixEpochTicks;
        var end = to.ToUnixTimeTicks() + UnixEpochTicks;
        var zone = _zone.GetZoneInterval(from);
        var day = LocalDay(cursor, zone) - 1;
        long total = 0;

        while (cursor < end)
        {
            if (TrySkipWeeks(ref day, ref cursor, ref zone, long.MaxValue, out var skipped, end))
            {
                total += skipped;
                continue;
            }

            foreach (var interval in IntervalsOf(day))
            {
                var a = Resolve((day * TicksPerDay) + (interval.Start * TicksPerMinute), ref zone);
                if (a >= end)
                {
                    return Duration.FromTicks(total);
                }

                var b = Math.Min(Resolve((day * TicksPerDay) + (interval.End * TicksPerMinute), ref zone), end);
                if (a < cursor)
                {
                    a = cursor;
                }

                if (b > a)
                {
                    total += b - a;
                    cursor = b;
                }
            }

            day++;
        }

        return Duration.FromTicks(total);
    }

    /// <summary>
    /// Skips whole weeks starting at <paramref name="day"/> when they hold no holiday and no offset change,
    /// nothing of them lies before the cursor, and they consume at most <paramref name="budget"/> business
    /// ticks (and, for Between, end before <paramref name="end"/>).
    /// </summary>
    private bool TrySkipWeeks(ref long day, ref long cursor, ref ZoneInterval zone, long budget, out long skipped, long end = long.MaxValue)
    {
        skipped = 0;
        if (_weekTicks == 0 || budget < _weekTicks)
        {
            return false;
        }

        var offset = zone.WallOffset.Ticks;
        var dayStart = (day * TicksPerDay) - offset;   // instant of this day's local midnight, if the offset holds
        if (cursor > dayStart || (zone.HasStart && dayStart - (zone.Start.ToUnixTimeTicks() + UnixEpochTicks) < TicksPerDay))
        {
            return false;
        }

        var weeks = budget / _weekTicks;
        if (zone.HasEnd)
        {
            // The last skipped day's intervals reach at most one day past the window.
            var zoneEnd = zone.End.ToUnixTimeTicks() + UnixEpochTicks;
            weeks = Math.Min(weeks, (zoneEnd - dayStart - TicksPerDay - TicksPerDay) / TicksPerWeek);
        }

        var next = Array.BinarySearch(_holidayDays, day);
        if (next < 0)
        {
            next = ~next;
        }

        if (next < _holidayDays.Length)
        {
            weeks = Math.Min(weeks, (_holidayDays[next] - day) / 7);
        }

        if (end != long.MaxValue)
        {
            weeks = Math.Min(weeks, (end - dayStart - TicksPerDay) / TicksPerWeek);
        }

        if (weeks <= 0)
        {
            return false;
        }

        skipped = weeks * _weekTicks;
        day += weeks * 7;
        cursor = (day * TicksPerDay) - offset + _spillTicks[(int)((day - 1) % 7)];
        return true;
    }

    private OpenInterval[] IntervalsOf(long day) =>
        _holidays.Count > 0 && _holidays.TryGetValue(day, out var holiday) ? holiday : _week[day % 7];

    /// <summary>The local day number (0 = 0001-01-01) of an instant.</summary>
    private static long LocalDay(long instant, ZoneInterval zone) => (instant + zone.WallOffset.Ticks) / TicksPerDay;

    /// <summary>Local ticks to instant ticks, leniently; fast while the cached zone interval holds.</summary>
    private long Resolve(long local, ref ZoneInterval zone)
    {
        var candidate = local - zone.WallOffset.Ticks;

        // Well inside the interval no other offset can claim this local time.
        if ((!zone.HasStart || candidate - (zone.Start.ToUnixTimeTicks() + UnixEpochTicks) >= TicksPerDay) &&
            (!zone.HasEnd || (zone.End.ToUnixTimeTicks() + UnixEpochTicks) - candidate >= TicksPerDay))
        {
            return candidate;
        }

        var localDateTime = LocalDateTime.FromDateTime(new DateTime(local, DateTimeKind.Unspecified));
        var resolved = _zone.ResolveLocal(localDateTime, Resolvers.LenientResolver).ToInstant();
        zone = _zone.GetZoneInterval(resolved);
        return resolved.ToUnixTimeTicks() + UnixEpochTicks;
    }
}
