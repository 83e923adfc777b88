using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class CalendarListViewModel
{
    public required IReadOnlyList<Helpdesk.Core.Sla.SlaCalendar> Calendars { get; init; }

    public required IReadOnlyList<Helpdesk.Core.Sla.SlaPolicy> Policies { get; init; }
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
}
