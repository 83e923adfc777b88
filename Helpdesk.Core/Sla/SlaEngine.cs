using Helpdesk.Core.Domain;
using NodaTime;

namespace Helpdesk.Core.Sla;

/// <summary>
/// Brings a ticket's clocks in line with the ticket and its policy after a change, at <c>now</c>:
/// starts, pauses, resumes, retargets, meets or cancels them and records each transition with its cause.
/// The one writer of clocks; called in the same unit of work as the ticket change.
/// </summary>
public static class SlaEngine
{
    /// <summary>Far in the future: the queue's sort key for tickets with no running clock.</summary>
    public static readonly DateTimeOffset NoDeadline = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    public static SlaPolicy? PolicyFor(Ticket ticket, IEnumerable<SlaPolicy> policies) =>
        policies.Where(p => p.IsActive).OrderBy(p => p.Position).ThenBy(p => p.Id).FirstOrDefault(p => p.Matches(ticket));

    /// <summary>
    /// Brings the ticket's clocks up to date with its state at <paramref name="now"/>: starts, pauses, resumes, retargets,
    /// stops and breaches them, and raises the escalation levels passed. Returns the escalations this call raised, in order.
    /// </summary>
    public static IReadOnlyList<SlaEscalation> Apply(Ticket ticket, SlaPolicy? policy, Func<int, BusinessCalendar> calendars, DateTimeOffset now, string cause)
    {
        var known = ticket.SlaEscalations.Count; // escalations are only ever appended, by this engine
        if (ticket.MergedInto is int survivor)
        {
            // A merged duplicate's promises pass to the survivor: its own clocks neither count as met nor as missed.
            foreach (var clock in ticket.SlaClocks.Where(c => c.IsActive).ToList())
            {
                Cancel(ticket, clock, calendars, now, $"merged into #{survivor} ({cause})");
            }

            ticket.SetSlaSummary(policy?.Id, NoDeadline, null, null);
            ticket.ClocksFollowed();
            return [];
        }

        var solved = ticket.Status is TicketStatus.Solved or TicketStatus.Closed;
        var pause = PauseReason(ticket, policy);

        // First response: from creation to the first public agent reply.
        Step(ticket, SlaMetric.FirstResponse, policy, calendars, now, cause,
            wanted: ticket.FirstRespondedAt is null && !solved, pause, stopKind: "first public reply");

        // Next response: from the oldest unanswered customer message to the next public agent reply.
        var awaiting = ticket.AwaitingReplySince;
        var next = ticket.SlaClocks.Where(c => c.Metric == SlaMetric.NextResponse).MaxBy(c => c.Cycle);
        if (next is { IsActive: true } && awaiting is not null && next.StartedAt < awaiting.Value)
        {
            // An older cycle was answered in the meantime (should not happen, but never let it run on).
            Stop(ticket, next, calendars, now, "answered", policy);
        }

        Step(ticket, SlaMetric.NextResponse, policy, calendars, now, cause,
            wanted: awaiting is not null && !solved, pause, stopKind: "public reply");

        // Resolution: from creation to Solved, resuming when the ticket is reopened.
        Step(ticket, SlaMetric.Resolution, policy, calendars, now, cause,
            wanted: !solved, pause, stopKind: "solved", resumeStopped: true);

        var urgent = ticket.SlaClocks.Where(c => c.State == SlaClockState.Running && c.DueAt is not null).MinBy(c => c.DueAt);
        ticket.SetSlaSummary(policy?.Id, urgent?.DueAt ?? NoDeadline, urgent?.FirstWarnAt, urgent?.Metric);
        ticket.ClocksFollowed();
        return ticket.SlaEscalations.Skip(known).ToList();
    }

    /// <summary>Counts the time of running clocks up to <paramref name="at"/> under the given calendars, recording nothing.</summary>
    public static void Checkpoint(Ticket ticket, Func<int, BusinessCalendar> calendars, DateTimeOffset at)
    {
        foreach (var clock in ticket.SlaClocks.Where(c => c.State == SlaClockState.Running))
        {
            Advance(clock, calendars, at);
        }
    }

    /// <summary>The current clock of a metric, created, moved or stopped as the ticket now requires.</summary>
    private static void Step(
        Ticket ticket, SlaMetric metric, SlaPolicy? policy, Func<int, BusinessCalendar> calendars, DateTimeOffset now, string cause,
        bool wanted, string? pause, string stopKind, bool resumeStopped = false)
    {
        var clock = ticket.SlaClocks.Where(c => c.Metric == metric).MaxBy(c => c.Cycle);
        var target = policy?.TargetMinutes(metric, ticket.Priority);

        if (clock is { IsActive: true } && !wanted)
        {
            Stop(ticket, clock, calendars, now, $"{stopKind}: {cause}", policy);
            return;
        }

        if (!wanted)
        {
            return;
        }

        if (clock is { IsActive: true } && (policy is null || target is null))
        {
            Cancel(ticket, clock, calendars, now, policy is null ? $"no SLA policy applies any more ({cause})" : $"policy {policy.Name} sets no target for {ticket.Priority} ({cause})");
            return;
        }

        if (policy is null || target is null)
        {
            return;
        }

        if (clock is null || (!clock.IsActive && !(resumeStopped && clock.State is SlaClockState.Met or SlaClockState.MetLate)))
        {
            // A new clock (or a new next-response cycle) starts now: the engine runs at the moment its metric
            // starts (creation, the customer's message), and a policy that arrives later applies from then on.
            var from = now;
            clock = ticket.StartSlaClock(metric, (clock?.Cycle ?? 0) + 1, policy, target.Value, from);
            ticket.RecordSla(clock, SlaEventKind.Started, from, $"target {Format(target.Value)} on {policy.Name} ({cause})");
            if (pause is not null)
            {
                PauseClock(ticket, clock, now, pause, cause);
            }
            else
            {
                Recompute(clock, policy, calendars, now);
            }

            return;
        }

        if (!clock.IsActive)
        {
            // Reopened: the resolution clock resumes with the time it had used.
            clock.State = SlaClockState.Paused;
            clock.StoppedAt = null;
            ticket.RecordSla(clock, SlaEventKind.Resumed, now, $"reopened ({cause})");
            if (pause is null)
            {
                clock.State = SlaClockState.Running;
                clock.RunningSince = now;
            }
        }

        Advance(clock, calendars, now, policy);
        if (clock.PolicyId != policy.Id || clock.TargetMinutes != target.Value || clock.CalendarId != policy.CalendarId)
        {
            var old = $"{Format(clock.TargetMinutes)} on {clock.PolicyName}";
            clock.PolicyId = policy.Id;
            clock.PolicyName = policy.Name;
            clock.CalendarId = policy.CalendarId;
            clock.TargetMinutes = target.Value;
            ticket.RecordSla(clock, SlaEventKind.Retargeted, now, $"{old} → {Format(target.Value)} on {policy.Name}, {Format(clock.Used)} already used ({cause})");
        }

        if (pause is not null && clock.State == SlaClockState.Running)
        {
            PauseClock(ticket, clock, now, pause, cause);
        }
        else if (pause is null && clock.State == SlaClockState.Paused)
        {
            clock.State = SlaClockState.Running;
            clock.RunningSince = now;
            ticket.RecordSla(clock, SlaEventKind.Resumed, now, $"status {ticket.Status.Label()} ({cause})");
        }

        Recompute(clock, policy, calendars, now);
    }

    private static void Cancel(Ticket ticket, SlaClock clock, Func<int, BusinessCalendar> calendars, DateTimeOffset now, string why)
    {
        Advance(clock, calendars, now);
        clock.State = SlaClockState.Cancelled;
        clock.RunningSince = null;
        clock.DueAt = clock.WarnAt = clock.NextCheckAt = null;
        clock.StoppedAt = now;
        ticket.RecordSla(clock, SlaEventKind.Cancelled, now, why);
    }

    private static void Stop(Ticket ticket, SlaClock clock, Func<int, BusinessCalendar> calendars, DateTimeOffset now, string cause, SlaPolicy? policy)
    {
        Advance(clock, calendars, now, policy);
        var late = clock.BreachedAt is not null || clock.UsedTicks > TimeSpan.FromMinutes(clock.TargetMinutes).Ticks;
        clock.State = late ? SlaClockState.MetLate : SlaClockState.Met;
        clock.RunningSince = null;
        clock.DueAt = clock.WarnAt = clock.NextCheckAt = null;
        clock.StoppedAt = now;
        clock.ElapsedTicks = (now - clock.StartedAt).Ticks;
        ticket.RecordSla(clock, late ? SlaEventKind.MetLate : SlaEventKind.Met, now, $"{Format(clock.Used)} of {Format(clock.TargetMinutes)} used; {cause}");
    }

    /// <summary>Why the ticket's clocks stand still now (a pause status, or a linked disruption the policy pauses for), or null.</summary>
    private static string? PauseReason(Ticket ticket, SlaPolicy? policy) => policy switch
    {
        null => null,
        _ when policy.Pauses(ticket.Status) => $"status {ticket.Status.Label()}",
        { PausesDuringDisruptions: true } when ticket.DisruptionOngoing => $"service disruption #{ticket.DisruptionId}",
        _ => null,
    };

    private static void PauseClock(Ticket ticket, SlaClock clock, DateTimeOffset now, string reason, string cause)
    {
        clock.State = SlaClockState.Paused;
        clock.RunningSince = null;
        clock.DueAt = clock.WarnAt = clock.NextCheckAt = null;
        ticket.RecordSla(clock, SlaEventKind.Paused, now, $"{reason} ({cause})");
    }

    /// <summary>
    /// Adds the business time since the running stretch began. With a policy, the warning levels, the breach
    /// and the reminders after it passed on the way are recorded at the exact moments they were reached
    /// (once each: the clock counts what it has recorded).
    /// </summary>
    private static void Advance(SlaClock clock, Func<int, BusinessCalendar> calendars, DateTimeOffset now, SlaPolicy? policy = null)
    {
        if (clock.State != SlaClockState.Running || clock.RunningSince is not { } since || now <= since)
        {
            return;
        }

        var calendar = calendars(clock.CalendarId);
        var start = Instant.FromDateTimeOffset(since);
        var before = clock.UsedTicks;
        var target = TimeSpan.FromMinutes(clock.TargetMinutes).Ticks;
        var used = calendar.Between(start, Instant.FromDateTimeOffset(now)).BclCompatibleTicks;
        var after = before + used;

        if (policy?.WarnPercents is { } warnPercents)
        {
            for (var level = clock.WarnLevel; level < warnPercents.Count; level++)
            {
                var threshold = target * warnPercents[level] / 100;
                if (threshold > after)
                {
                    break;
                }

                clock.WarnLevel = level + 1;
                if (threshold > before)
                {
                    var at = calendar.Due(start, Duration.FromTicks(threshold - before)).ToDateTimeOffset();
                    clock.Ticket.RecordSla(clock, SlaEventKind.Warned, at, $"{warnPercents[level]} % of {Format(clock.TargetMinutes)} used");
                    clock.Ticket.Escalate(clock, level + 1, warnPercents[level], at);
                }
            }
        }

        if (clock.BreachedAt is null && before < target && after >= target)
        {
            clock.BreachedAt = calendar.Due(start, Duration.FromTicks(target - before)).ToDateTimeOffset();
            clock.Ticket.RecordSla(clock, SlaEventKind.Breached, clock.BreachedAt.Value, $"target {Format(clock.TargetMinutes)} passed");
            clock.Ticket.Escalate(clock, SlaEscalation.BreachLevel, null, clock.BreachedAt.Value);
        }

        if (policy is { ReminderEveryMinutes: int every } && clock.BreachedAt is not null)
        {
            while (clock.RemindersSent < policy.ReminderLimit)
            {
                var threshold = target + (TimeSpan.FromMinutes(every).Ticks * (clock.RemindersSent + 1));
                if (threshold > after)
                {
                    break;
                }

                clock.RemindersSent++;
                var at = threshold > before ? calendar.Due(start, Duration.FromTicks(threshold - before)).ToDateTimeOffset() : now;
                clock.Ticket.RecordSla(clock, SlaEventKind.Reminded, at, $"still breached: reminder {clock.RemindersSent} of {policy.ReminderLimit}");
                clock.Ticket.Escalate(clock, SlaEscalation.BreachLevel + clock.RemindersSent, null, at);
            }
        }

        clock.UsedTicks = after;
        clock.RunningSince = now;
    }

    /// <summary>Due, next warning and next check of a running clock, from what it has used so far.</summary>
    private static void Recompute(SlaClock clock, SlaPolicy policy, Func<int, BusinessCalendar> calendars, DateTimeOffset now)
    {
        if (clock.State != SlaClockState.Running)
        {
            return;
        }

        var calendar = calendars(clock.CalendarId);
        var start = Instant.FromDateTimeOffset(now);
        var target = TimeSpan.FromMinutes(clock.TargetMinutes).Ticks;
        if (clock.UsedTicks >= target)
        {
            if (clock.BreachedAt is null)
            {
                clock.BreachedAt = now;
                clock.Ticket.RecordSla(clock, SlaEventKind.Breached, now, $"target {Format(clock.TargetMinutes)} is less than the {Format(clock.Used)} already used");
                clock.Ticket.Escalate(clock, SlaEscalation.BreachLevel, null, now);
            }

            clock.DueAt = clock.BreachedAt;
            clock.WarnAt = null;
            clock.WarnLevel = policy.WarnPercents.Count;
            clock.FirstWarnAt ??= now;
            // Nothing more to check unless the policy reminds the supervisors after a breach.
            clock.NextCheckAt = policy is { ReminderEveryMinutes: int every } && clock.RemindersSent < policy.ReminderLimit
                ? calendar.Due(start, Duration.FromTicks(Math.Max(0, target + (TimeSpan.FromMinutes(every).Ticks * (clock.RemindersSent + 1)) - clock.UsedTicks))).ToDateTimeOffset()
                : null;
            return;
        }

        clock.DueAt = calendar.Due(start, Duration.FromTicks(target - clock.UsedTicks)).ToDateTimeOffset();
        clock.WarnAt = null;
        var level = 0;
        foreach (var percent in policy.WarnPercents)
        {
            var threshold = target * percent / 100;
            if (clock.UsedTicks >= threshold)
            {
                level++;
                continue;
            }

            clock.WarnAt = calendar.Due(start, Duration.FromTicks(threshold - clock.UsedTicks)).ToDateTimeOffset();
            break;
        }

        // When the first warning level is (or was) reached: what the queue colours by.
        clock.FirstWarnAt = level > 0 ? clock.FirstWarnAt ?? now : clock.WarnAt;

        clock.WarnLevel = Math.Max(clock.WarnLevel, level);
        clock.NextCheckAt = clock.WarnAt ?? clock.DueAt;
    }

    public static string Format(int minutes) => Format(TimeSpan.FromMinutes(minutes));

    public static string Format(TimeSpan span)
    {
        var minutes = (long)Math.Round(span.TotalMinutes);
        var sign = minutes < 0 ? "-" : string.Empty;
        minutes = Math.Abs(minutes);
        return minutes switch
        {
            < 60 => $"{sign}{minutes} min",
            _ when minutes % 60 == 0 => $"{sign}{minutes / 60} h",
            _ => $"{sign}{minutes / 60} h {minutes % 60} min",
        };
    }
}
