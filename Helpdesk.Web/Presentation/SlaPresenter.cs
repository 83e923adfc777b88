using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using NodaTime;
using static Helpdesk.Web.Presentation.Words;

namespace Helpdesk.Web.Presentation;

public sealed record SlaBadge(string Text, string Css, string Title);

public sealed record SlaClockView(
    string Metric, string Definition, string State, string StateCss, string Target, string? Due, string Used, string? Remaining, string Policy, string? Note, int Cycle);

/// <summary>Turns clocks into what agents read: time left in business time, due moments in their zone, states in words.</summary>
public sealed class SlaPresenter(TimeDisplay display)
{
    public static string MetricName(SlaMetric metric) => T(metric.Label());

    /// <summary>What happened to a clock, in words.</summary>
    public static string EventName(SlaEventKind kind) => kind switch
    {
        SlaEventKind.Started => T("Started"),
        SlaEventKind.Paused => T("Paused"),
        SlaEventKind.Resumed => T("Resumed"),
        SlaEventKind.Retargeted => T("Target changed"),
        SlaEventKind.Warned => T("Warning"),
        SlaEventKind.Breached => T("Breached"),
        SlaEventKind.Met => T("Met"),
        SlaEventKind.MetLate => T("Met late"),
        SlaEventKind.Cancelled => T("Cancelled"),
        SlaEventKind.Reminded => T("Reminder sent"),
        _ => kind.ToString(),
    };

    /// <summary>How a report names a ticket's SLA outcome.</summary>
    public static string OutcomeName(Helpdesk.Core.Reports.SlaOutcome outcome) => outcome switch
    {
        Helpdesk.Core.Reports.SlaOutcome.Met => T("SLA met"),
        Helpdesk.Core.Reports.SlaOutcome.Missed => T("SLA missed"),
        _ => T("No SLA"),
    };

    public static string MetricDefinition(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => T("From the ticket's creation to the first public reply by an agent."),
        SlaMetric.NextResponse => T("From the oldest customer message not yet answered (after an agent's reply) to the next public reply."),
        _ => T("From the ticket's creation to Solved; it resumes if the ticket is reopened."),
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
                ? new SlaBadge(T("SLA paused"), "text-bg-secondary", T("The clocks of {0} are paused while the ticket is {1}.", policy.Name, T(row.Status.Label())))
                : null;
        }

        var calendar = CalendarOf(row.SlaPolicyId, setup);
        var title = T("{0} due {1} ({2})", MetricName(metric), display.Absolute(row.SlaDueAt), display.ZoneName);
        if (row.SlaDueAt <= now)
        {
            // Business time says how late by the SLA's own measure; calendar time since the due moment is what orders
            // the queue, and differs from it across nights, weekends and calendars.
            var business = Business(calendar, row.SlaDueAt, now);
            var calendarTime = now - row.SlaDueAt;
            return new SlaBadge(
                calendarTime - business >= TimeSpan.FromMinutes(1)
                    ? T("{0} {1} overdue (business hours, due {2} ago)", Short(metric), SlaEngine.Format(business), SlaEngine.Format(calendarTime))
                    : T("{0} {1} overdue (business hours)", Short(metric), SlaEngine.Format(business)),
                "text-bg-danger",
                title);
        }

        var css = row.SlaWarnAt is { } warn && warn <= now ? "text-bg-warning" : "text-bg-light border";
        return new SlaBadge(T("{0} {1} left", Short(metric), SlaEngine.Format(Business(calendar, now, row.SlaDueAt))), css, title);
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
                SlaClockState.Met => (T("Met"), "text-bg-success"),
                SlaClockState.MetLate => (T("Met late"), "text-bg-danger"),
                SlaClockState.Cancelled => (T("Cancelled"), "text-bg-secondary"),
                SlaClockState.Paused => (breached ? T("Breached, paused") : T("Paused"), breached ? "text-bg-danger" : "text-bg-secondary"),
                _ when breached => (T("Breached"), "text-bg-danger"),
                _ when clock.FirstWarnAt is { } warn && warn <= now => (T("Running, at risk"), "text-bg-warning"),
                _ => (T("Running"), "text-bg-primary"),
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
                    var until = display.Absolute(nextOpen.ToDateTimeOffset());
                    note = holiday ? T("Stopped: holiday until {0}.", until) : T("Stopped: outside business hours until {0}.", until);
                }
            }
            else if (clock.State == SlaClockState.Paused)
            {
                var ticket = clock.Ticket;
                note = ticket is { DisruptionOngoing: true, DisruptionId: int disruption } && setup.Policies.FirstOrDefault(p => p.Id == clock.PolicyId) is { } policy && !policy.Pauses(ticket.Status)
                    ? T("Paused during service disruption #{0}; it runs again when the disruption is resolved, with the time left kept.", disruption)
                    : T("Paused while the ticket waits; the time left is kept.");
            }

            result.Add(new SlaClockView(
                MetricName(clock.Metric),
                MetricDefinition(clock.Metric),
                state,
                css,
                SlaEngine.Format(clock.TargetMinutes),
                clock.DueAt is { } due ? $"{display.Absolute(due)} ({display.ZoneName})" : null,
                SlaEngine.Format(used),
                clock.IsActive ? (remaining >= TimeSpan.Zero ? T("{0} left", SlaEngine.Format(remaining)) : T("{0} over", SlaEngine.Format(-remaining))) : null,
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
        SlaMetric.FirstResponse => T("1st reply"),
        SlaMetric.NextResponse => T("Next reply"),
        _ => T("Resolve"),
    };
}
