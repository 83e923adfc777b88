using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Core.Sla;

/// <summary>
/// The business-hours calculator on a calendar's page: when a target started at a moment falls due, and how much
/// business time lies between two moments. Moments are written as a date-and-time picker sends them ("2026-03-27T16:30",
/// the calendar's own local time) or as an instant with its offset, as the command line takes them.
/// </summary>
public static class CalendarCalculator
{
    private static readonly LocalDateTimePattern Picker = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    /// <summary>A new calendar's starting point: an office week in Lisbon with two holidays, one of them half a day.</summary>
    public const string Example = """
        {
          "name": "Office hours",
          "timeZone": "Europe/Lisbon",
          "week": {
            "monday": [["09:00", "17:00"]],
            "tuesday": [["09:00", "17:00"]],
            "wednesday": [["09:00", "17:00"]],
            "thursday": [["09:00", "17:00"]],
            "friday": [["09:00", "17:00"]],
            "saturday": [],
            "sunday": []
          },
          "holidays": [
            {"date": "2026-12-25"},
            {"date": "2026-12-24", "open": [["09:00", "13:00"]]}
          ]
        }
        """;

    /// <summary>The picker's default: the start of the current hour in the calendar's zone.</summary>
    public static string ThisHour(BusinessCalendar calendar, Instant now)
    {
        var local = now.InZone(calendar.Zone).LocalDateTime;
        return Picker.Format(local.PlusMinutes(-local.Minute));
    }

    /// <summary>
    /// A moment as the picker or the command line writes it; a local time skipped by a clock change moves forward,
    /// a repeated one takes the earlier. Throws a <see cref="FormatException"/> for anything else.
    /// </summary>
    public static Instant Read(string text, DateTimeZone zone)
    {
        var local = Picker.Parse(text.Trim());
        return local.Success ? local.Value.InZoneLeniently(zone).ToInstant() : InstantText.Parse(text);
    }

    /// <summary>When <paramref name="minutes"/> of business time from <paramref name="start"/> are used, in words.</summary>
    public static string Due(BusinessCalendar calendar, string start, int minutes)
    {
        var result = calendar.Due(Read(start, calendar.Zone), Duration.FromMinutes(Math.Max(0, minutes)));
        return $"{result.InZone(calendar.Zone).LocalDateTime.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} {calendar.Zone.Id} time ({InstantPattern.General.Format(result)})";
    }

    /// <summary>The business time between two moments, in words.</summary>
    public static string Between(BusinessCalendar calendar, string from, string to)
    {
        var minutes = (long)calendar.Between(Read(from, calendar.Zone), Read(to, calendar.Zone)).TotalMinutes;
        return $"{minutes.ToString(CultureInfo.InvariantCulture)} business minutes ({SlaEngine.Format(TimeSpan.FromMinutes(minutes))})";
    }
}
