using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using NodaTime;

namespace Helpdesk.Web.Presentation;

public sealed record SlaBadge(string Text, string Css, string Title);

public sealed record SlaClockView(
    string Metric, string Definition, string State, string StateCss, string Target, string? Due, string Used, string? Remaining, string Policy, string? Note, int Cycle);

/// <summary>Turns clocks into what agents read: time left in business time, due moments in their zone, states in words.</summary>
public sealed class SlaPresenter(TimeDisplay display)
{
    public static string MetricName(SlaMetric metric) => metric.Label();

    /// <summary>What happened to a clock, in words.</summary>
    public static string EventName(SlaEventKind kind) => kind switch
    {
        SlaEventKind.Started => "Started",
        SlaEventKind.Paused => "Paused",
        SlaEventKind.Resumed => "Resumed",
        SlaEventKind.Retargeted => "Target changed",
        SlaEventKind.Warned => "Warning",
        SlaEventKind.Breached => "Breached",
        SlaEventKind.Met => "Met",
        SlaEventKind.MetLate => "Met late",
        SlaEventKind.Cancelled => "Cancelled",
        SlaEventKind.Reminded => "Reminder sent",
        _ => kind.ToString(),
    };

    /// <summary>How a report names a ticket's SLA outcome.</summary>
    public static string OutcomeName(Helpdesk.Core.Reports.SlaOutcome outcome) => outcome switch
    {
        Helpdesk.Core.Reports.SlaOutcome.Met => "SLA met",
        Helpdesk.Core.Reports.SlaOutcome.Missed => "SLA missed",
        _ => "No SLA",
    };

    public static string MetricDefinition(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "From the ticket's creation to the first public reply by an agent.",
        SlaMetric.NextResponse => "From the oldest customer message not yet answered (after an agent's reply) to the next public reply.",
        _ => "From the ticket's creation to Solved; it resumes if the ticket is reopened.",
    };

    /// <summary>
    /// The queue's badge for a ticket's most urgent clock; "SLA paused" when its policy pauses the clocks in the
    /// ticket's status (Pending, On hold); null when no clock runs.
    /// </summary>
    public SlaBadge? Badge(QueueRow row, SlaSetup setup, DateTimeOffset now)
    {
        if (row.SlaDueAt >= SlaEngine.NoDeadline || row.SlaMetric is not { } metric)
        {
            return row.Status < TicketStatus.Solved && setup.Policies.FirstOrDefault(p => p.Id == row.SlaPolicyId) is { } policy && policy.Pauses(row.Status)
                ? new SlaBadge("SLA paused", "text-bg-secondary", $"The clocks of {policy.Name} are paused while the ticket is {row.Status.Label()}.")
                : null;
        }

        var calendar = CalendarOf(row.SlaPolicyId, setup);
        var title = $"{MetricName(metric)} due {display.Absolute(row.SlaDueAt)} ({display.ZoneName})";
        if (row.SlaDueAt <= now)
        {
            // Business time says how late by the SLA's own measure; calendar time since the due moment is what orders
            // the queue, and differs from it across nights, weekends and calendars.
            var business = Business(calendar, row.SlaDueAt, now);
            var calendarTime = now - row.SlaDueAt;
            var since = calendarTime - business >= TimeSpan.FromMinutes(1) ? $", due {SlaEngine.Format(calendarTime)} ago" : string.Empty;
            return new SlaBadge($"{Short(metric)} {SlaEngine.Format(business)} overdue (business hours{since})", "text-bg-danger", title);
        }

        var css = row.SlaWarnAt is { } warn && warn <= now ? "text-bg-warning" : "text-bg-light border";
        return new SlaBadge($"{Short(metric)} {SlaEngine.Format(Business(calendar, now, row.SlaDueAt))} left", css, title);
    }

    /// <summary>The current clock of each metric, explained.</summary>
    public IReadOnlyList<SlaClockView> Panel(IEnumerable<SlaClock> clocks, SlaSetup setup, DateTimeOffset now)
    {
        var result = new List<SlaClockView>();
        foreach (var clock in clocks.GroupBy(c => c.Metric).Select(g => g.MaxBy(c => c.Cycle)!).OrderBy(c => c.Metric))
        {
            setup.Calendars.TryGetValue(clock.CalendarId, out var calendar);
            var used = clock.Used;
            if (clock.State == SlaClockState.Running && clock.RunningSince is { } since)
            {
                used += Business(calendar, since, now);
            }

            var breached = clock.IsBreachedAt(now);
            var (state, css) = clock.State switch
            {
                SlaClockState.Met => ("Met", "text-bg-success"),
                SlaClockState.MetLate => ("Met late", "text-bg-danger"),
                SlaClockState.Cancelled => ("Cancelled", "text-bg-secondary"),
                SlaClockState.Paused => (breached ? "Breached, paused" : "Paused", breached ? "text-bg-danger" : "text-bg-secondary"),
                _ when breached => ("Breached", "text-bg-danger"),
                _ when clock.FirstWarnAt is { } warn && warn <= now => ("Running, at risk", "text-bg-warning"),
                _ => ("Running", "text-bg-primary"),
            };
            var remaining = clock.Target - used;
            string? note = null;
            if (clock.State == SlaClockState.Running && calendar is not null)
            {
                var instant = Instant.FromDateTimeOffset(now);
                var nextOpen = calendar.Due(instant, Duration.FromTicks(1)) - Duration.FromTicks(1);
                if (nextOpen > instant)
                {
                    var localDate = instant.InZone(calendar.Zone).Date;
                    var holiday = calendar.Definition.Holidays.Any(h => h.Date == localDate);
                    note = $"Stopped: {(holiday ? "holiday" : "outside business hours")} until {display.Absolute(nextOpen.ToDateTimeOffset())}.";
                }
            }
            else if (clock.State == SlaClockState.Paused)
            {
                var ticket = clock.Ticket;
                note = ticket is { DisruptionOngoing: true, DisruptionId: int disruption } && setup.Policies.FirstOrDefault(p => p.Id == clock.PolicyId) is { } policy && !policy.Pauses(ticket.Status)
                    ? $"Paused during service disruption #{disruption}; it runs again when the disruption is resolved, with the time left kept."
                    : "Paused while the ticket waits; the time left is kept.";
            }

            result.Add(new SlaClockView(
                MetricName(clock.Metric),
                MetricDefinition(clock.Metric),
                state,
                css,
                SlaEngine.Format(clock.TargetMinutes),
                clock.DueAt is { } due ? $"{display.Absolute(due)} ({display.ZoneName})" : null,
                SlaEngine.Format(used),
                clock.IsActive ? (remaining >= TimeSpan.Zero ? SlaEngine.Format(remaining) + " left" : SlaEngine.Format(-remaining) + " over") : null,
                clock.PolicyName,
                note,
                clock.Cycle));
        }

        return result;
    }

    private static BusinessCalendar? CalendarOf(int? policyId, SlaSetup setup) =>
        setup.Policies.FirstOrDefault(p => p.Id == policyId) is { } policy && setup.Calendars.TryGetValue(policy.CalendarId, out var calendar) ? calendar : null;

    private static TimeSpan Business(BusinessCalendar? calendar, DateTimeOffset from, DateTimeOffset to) =>
        calendar is null ? to - from : calendar.Between(Instant.FromDateTimeOffset(from), Instant.FromDateTimeOffset(to)).ToTimeSpan();

    private static string Short(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "1st reply",
        SlaMetric.NextResponse => "Next reply",
        _ => "Resolve",
    };
}
