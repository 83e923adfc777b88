using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

/// <summary>A calendar in the list: its zone, its open hours in a week, its holidays and the policies that use it.</summary>
public sealed record CalendarRow(int Id, string Name, string TimeZone, double OpenHoursAWeek, int Holidays, IReadOnlyList<string> UsedBy)
{
    public static CalendarRow From(SlaCalendar calendar, IEnumerable<SlaPolicy> policies)
    {
        var definition = calendar.Definition;
        return new CalendarRow(
            calendar.Id,
            calendar.Name,
            definition.TimeZoneId,
            definition.Week.Values.SelectMany(day => day).Sum(open => open.End - open.Start) / 60.0,
            definition.Holidays.Count,
            [.. policies.Where(p => p.CalendarId == calendar.Id).Select(p => p.Name)]);
    }
}

public sealed class CalendarListViewModel
{
    public required IReadOnlyList<CalendarRow> Calendars { get; init; }
}

public sealed class CalendarFormViewModel
{
    public int? Id { get; init; }

    public required CalendarInput Input { get; init; }

    public Helpdesk.Core.Sla.CalendarDefinition? Calendar { get; init; }

    public string? Start { get; set; }

    public int Minutes { get; set; } = 480;

    public string? From { get; set; }

    public string? To { get; set; }

    public string? DueResult { get; set; }

    public string? BetweenResult { get; set; }

    /// <summary>On a saved calendar's page: the simulator's period and result.</summary>
    public SimulationViewModel? Simulation { get; set; }
}
