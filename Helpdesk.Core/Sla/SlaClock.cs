using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Sla;

public enum SlaClockState
{
    Running = 0,
    Paused = 1,
    Met = 2,
    MetLate = 3,

    /// <summary>No policy or target governs the ticket any more.</summary>
    Cancelled = 4,
}

public enum SlaEventKind
{
    Started = 0,
    Paused = 1,
    Resumed = 2,
    Retargeted = 3,
    Warned = 4,
    Breached = 5,
    Met = 6,
    MetLate = 7,
    Cancelled = 8,

    /// <summary>A reminder after the breach.</summary>
    Reminded = 9,
}

/// <summary>
/// One metric's clock on one ticket (the next-response metric has one per cycle). Business time used is
/// accumulated at every transition; <see cref="DueAt"/>, <see cref="WarnAt"/> and <see cref="NextCheckAt"/>
/// are absolute instants recomputed at every transition, so a sweep only reads clocks that are due.
/// Only <see cref="SlaEngine"/> changes a clock.
/// </summary>
public sealed class SlaClock
{
    private SlaClock()
    {
    }

    internal SlaClock(Ticket ticket, SlaMetric metric, int cycle, SlaPolicy policy, int targetMinutes, DateTimeOffset startedAt)
    {
        Ticket = ticket;
        Metric = metric;
        Cycle = cycle;
        PolicyId = policy.Id;
        PolicyName = policy.Name;
        CalendarId = policy.CalendarId;
        TargetMinutes = targetMinutes;
        StartedAt = startedAt;
        RunningSince = startedAt;
        State = SlaClockState.Running;
    }

    public long Id { get; private set; }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public SlaMetric Metric { get; private set; }

    public int Cycle { get; private set; }

    public SlaClockState State { get; internal set; }

    public int? PolicyId { get; internal set; }

    public string PolicyName { get; internal set; } = string.Empty;

    public int CalendarId { get; internal set; }

    public int TargetMinutes { get; internal set; }

    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>Start of the current running stretch; null while paused or stopped.</summary>
    public DateTimeOffset? RunningSince { get; internal set; }

    /// <summary>Business time used up to <see cref="RunningSince"/> (or to the pause or stop).</summary>
    public long UsedTicks { get; internal set; }

    public DateTimeOffset? DueAt { get; internal set; }

    public DateTimeOffset? WarnAt { get; internal set; }

    /// <summary>How many warning levels have been passed.</summary>
    public int WarnLevel { get; internal set; }

    /// <summary>How many reminders have followed the breach.</summary>
    public int RemindersSent { get; internal set; }

    public DateTimeOffset? NextCheckAt { get; internal set; }

    /// <summary>When the first warning level is or was reached (null when the policy has none).</summary>
    public DateTimeOffset? FirstWarnAt { get; internal set; }

    public DateTimeOffset? BreachedAt { get; internal set; }

    public DateTimeOffset? StoppedAt { get; internal set; }

    /// <summary>Calendar time from the start to the last stop (reports compare it with the business time used).</summary>
    public long ElapsedTicks { get; internal set; }

    public bool IsActive => State is SlaClockState.Running or SlaClockState.Paused;

    public TimeSpan Target => TimeSpan.FromMinutes(TargetMinutes);

    public TimeSpan Used => TimeSpan.FromTicks(UsedTicks);

    /// <summary>Breached: the target passed while the clock was running, whether or not a sweep has marked it yet.</summary>
    public bool IsBreachedAt(DateTimeOffset now) => ClockRules.IsBreached(this, now);

    /// <summary>Missed: met late, or breached (the opposite of met in time, for a clock that is not cancelled).</summary>
    public bool IsMissedAt(DateTimeOffset now) => ClockRules.IsMissed(this, now);
}

/// <summary>One line of a ticket's clock timeline: what happened to which clock, when and why.</summary>
public sealed class SlaEvent
{
    private SlaEvent()
    {
    }

    internal SlaEvent(Ticket ticket, SlaMetric metric, int cycle, SlaEventKind kind, DateTimeOffset at, string detail)
    {
        Ticket = ticket;
        Metric = metric;
        Cycle = cycle;
        Kind = kind;
        At = at;
        Detail = detail.Length <= Limits.AuditValueLength ? detail : detail[..(Limits.AuditValueLength - 1)] + "…";
    }

    public long Id { get; private set; }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public SlaMetric Metric { get; private set; }

    public int Cycle { get; private set; }

    public SlaEventKind Kind { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string Detail { get; private set; } = string.Empty;
}

/// <summary>
/// One escalation of one clock at one level (a warning level, or <see cref="BreachLevel"/>). Unique per
/// (ticket, metric, cycle, level) in the database, so two nodes, retries or a crash can never alert twice.
/// </summary>
public sealed class SlaEscalation
{
    public const int BreachLevel = 100;

    /// <summary>Reminder n after the breach escalates at level <c>BreachLevel + n</c>.</summary>
    public const int MaxReminders = 100;

    private SlaEscalation()
    {
    }

    internal SlaEscalation(Ticket ticket, SlaClock clock, int level, int? percent, DateTimeOffset at)
    {
        Ticket = ticket;
        Metric = clock.Metric;
        Cycle = clock.Cycle;
        Level = level;
        Percent = percent;
        At = at;
    }

    public long Id { get; private set; }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public SlaMetric Metric { get; private set; }

    public int Cycle { get; private set; }

    public int Level { get; private set; }

    /// <summary>The warning percentage, or null for the breach.</summary>
    public int? Percent { get; private set; }

    public DateTimeOffset At { get; private set; }

    public bool IsBreach => Level == BreachLevel;

    public bool IsReminder => Level > BreachLevel;

    /// <summary>The level whose actions apply: the warning percentage, or the breach (reminders only alert).</summary>
    public int ActionLevel => Percent ?? BreachLevel;

    public string Describe(string metric) => Level switch
    {
        BreachLevel => $"{metric} breached",
        > BreachLevel => $"{metric} still breached (reminder {Level - BreachLevel})",
        _ => $"{metric} at {Percent} %",
    };

    /// <summary>The same in Portuguese, for an alert to a supervisor who reads it (decision 020).</summary>
    public string DescribePt(string metric) => Level switch
    {
        BreachLevel => $"{metric} incumprida",
        > BreachLevel => $"{metric} ainda incumprida (lembrete {Level - BreachLevel})",
        _ => $"{metric} a {Percent} %",
    };
}
