using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Sla.Simulation;

/// <summary>What happened to a past ticket that the SLA engine reads, kind by kind.</summary>
public enum ReplayKind
{
    /// <summary>The customer wrote (after the opening message).</summary>
    CustomerMessage = 0,

    /// <summary>An agent's public reply.</summary>
    AgentReply = 1,

    /// <summary>The status changed; <see cref="ReplayStep.Value"/> is the new <see cref="TicketStatus"/>.</summary>
    Status = 2,

    /// <summary>Someone (not the SLA's own actions) changed the priority; the value is the new <see cref="TicketPriority"/>.</summary>
    Priority = 3,

    /// <summary>The category changed; the value is its id, or 0 for none.</summary>
    Category = 4,

    /// <summary>Linked to a disruption (the value, 0 for unlinked); <see cref="ReplayStep.Flag"/>: it was unresolved then.</summary>
    Disruption = 5,

    /// <summary>The disruption with this id was resolved.</summary>
    DisruptionEnded = 6,

    /// <summary>Merged into the ticket whose number is the value.</summary>
    MergedInto = 7,

    /// <summary>A duplicate whose customer was still waiting was merged into this ticket.</summary>
    MergedInUnanswered = 8,
}

/// <summary>One recorded change, at the moment it was saved.</summary>
public readonly record struct ReplayStep(DateTimeOffset At, ReplayKind Kind, int Value = 0, bool Flag = false);

/// <summary>How a clock ended up: met in time, missed (met late, or breached), still running in time, or cancelled.</summary>
public enum ClockOutcome
{
    Met = 0,
    Missed = 1,
    Open = 2,
    Cancelled = 3,
}

/// <summary>A clock as the live engine recorded it.</summary>
public readonly record struct RecordedClock(SlaMetric Metric, int Cycle, ClockOutcome Outcome);

/// <summary>
/// A past ticket as the simulator replays it: how it started (its first priority and category, not today's), the steps of its
/// history in the order they were saved, and its clocks as they were really recorded.
/// </summary>
public sealed class TicketHistory(int number, string subject, DateTimeOffset createdAt, TicketPriority priority, TicketChannel channel, int? organizationId, int? categoryId)
{
    public int Number { get; } = number;

    public string Subject { get; } = subject;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public TicketPriority Priority { get; } = priority;

    public TicketChannel Channel { get; } = channel;

    public int? OrganizationId { get; } = organizationId;

    public int? CategoryId { get; } = categoryId;

    public List<ReplayStep> Steps { get; } = [];

    public List<RecordedClock> Recorded { get; } = [];

    /// <summary>The outcome the recorded clock had at <paramref name="now"/> (the same rule as the reports: <see cref="ClockRules"/>).</summary>
    public static ClockOutcome OutcomeOf(SlaClock clock, DateTimeOffset now) => clock.State switch
    {
        SlaClockState.Cancelled => ClockOutcome.Cancelled,
        _ when ClockRules.IsMissed(clock, now) => ClockOutcome.Missed,
        SlaClockState.Met => ClockOutcome.Met,
        _ => ClockOutcome.Open,
    };

    /// <summary>The same rule for a clock read as columns.</summary>
    public static ClockOutcome OutcomeOf(SlaClockState state, DateTimeOffset? breachedAt, DateTimeOffset? dueAt, DateTimeOffset now) => state switch
    {
        SlaClockState.Cancelled => ClockOutcome.Cancelled,
        SlaClockState.MetLate => ClockOutcome.Missed,
        _ when breachedAt is not null || (state == SlaClockState.Running && dueAt <= now) => ClockOutcome.Missed,
        SlaClockState.Met => ClockOutcome.Met,
        _ => ClockOutcome.Open,
    };
}
