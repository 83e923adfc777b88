using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Reports;

/// <summary>
/// What a report covers: the instants [<see cref="From"/>, <see cref="To"/>) and filters on the ticket as it is
/// now (group, assignee, priority, category, organization) and on the policy that governed the clock.
/// </summary>
public sealed record ReportFilter(
    DateTimeOffset From,
    DateTimeOffset To,
    int? GroupId = null,
    string? AgentId = null,
    TicketPriority? Priority = null,
    int? CategoryId = null,
    int? OrganizationId = null,
    int? PolicyId = null)
{
    /// <summary>Whole days of 24 hours from <see cref="From"/> (the last one may be cut by <see cref="To"/>).</summary>
    public int Days => (int)Math.Ceiling((To - From).TotalDays);
}

/// <summary>
/// The clocks of one metric that started in the period, by outcome: met in time, met late, breached and still
/// open, still running within target. Achievement is met in time over all with an outcome (running ones excluded).
/// </summary>
public sealed record Achievement(SlaMetric Metric, int Met, int MetLate, int Breached, int Running)
{
    public int Decided => Met + MetLate + Breached;

    /// <summary>Percentage met in time, or null when no clock has an outcome yet.</summary>
    public double? Percent => Decided == 0 ? null : 100.0 * Met / Decided;
}

/// <summary>
/// The clocks of one metric under one policy's target (e.g. first response, 1 h), by outcome, as
/// <see cref="Achievement"/> counts them; <see cref="Priorities"/> names the priorities the policy gives that target.
/// </summary>
public sealed record TargetAchievement(string PolicyName, SlaMetric Metric, int TargetMinutes, int Met, int MetLate, int Breached, int Running)
{
    public IReadOnlyList<TicketPriority> Priorities { get; init; } = [];

    public int Decided => Met + MetLate + Breached;

    public double? Percent => Decided == 0 ? null : 100.0 * Met / Decided;
}

/// <summary>
/// A period's record in brief (the monthly report's figures): achievement per metric and per target, durations,
/// tickets opened and solved, and satisfaction with the surveys sent in it.
/// </summary>
public sealed record ReportSummary(
    IReadOnlyList<Achievement> Achievement,
    IReadOnlyList<TargetAchievement> ByTarget,
    IReadOnlyList<Durations> Durations,
    int Opened,
    int Solved,
    SatisfactionRow Satisfaction);

/// <summary>
/// Medians and 90th percentiles (nearest rank: the value at rank ⌈p·n⌉ in ascending order) of the clocks of one
/// metric that started in the period and have stopped, in business time (what the clock counted) and in
/// calendar time (from the clock's start to its stop).
/// </summary>
public sealed record Durations(SlaMetric Metric, int Count, TimeSpan? BusinessMedian, TimeSpan? BusinessP90, TimeSpan? CalendarMedian, TimeSpan? CalendarP90);

/// <summary>One day of the period: tickets opened and solved, the backlog (unsolved) at its end, and the clocks decided that started on it.</summary>
public sealed record ReportDay(DateTimeOffset Start, int Opened, int Solved, int Backlog, int MetInTime, int Missed)
{
    public double? AchievementPercent => MetInTime + Missed == 0 ? null : 100.0 * MetInTime / (MetInTime + Missed);
}

/// <summary>A bar of a distribution: how many values fell in [From, To) (To null: and above).</summary>
public sealed record Bucket(string Label, TimeSpan From, TimeSpan? To, int Count);

/// <summary>Unsolved tickets by age, now.</summary>
public sealed record BacklogAge(string Label, int Count);

/// <summary>A ticket whose running clock has passed its first warning level and not yet its target.</summary>
public sealed record AtRiskTicket(int Number, string Subject, TicketPriority Priority, string? Assignee, SlaMetric? Metric, DateTimeOffset DueAt);

/// <summary>Whether a ticket's SLA was kept: every clock met in time, one missed (met late or breached), or no clock.</summary>
public enum SlaOutcome
{
    Met = 0,
    Missed = 1,
    NoSla = 2,
}

/// <summary>
/// Satisfaction surveys sent in the period (a survey goes out when a ticket is first solved) and their answers;
/// <see cref="Sla"/> null for all of them, else those whose ticket had that SLA outcome.
/// </summary>
public sealed record SatisfactionRow(SlaOutcome? Sla, int Sent, int Good, int Bad)
{
    public int Answered => Good + Bad;

    /// <summary>Answered over sent, in percent.</summary>
    public double? ResponsePercent => Sent == 0 ? null : 100.0 * Answered / Sent;

    /// <summary>Good over answered, in percent: the satisfaction score.</summary>
    public double? GoodPercent => Answered == 0 ? null : 100.0 * Good / Answered;
}

/// <summary>The surveys sent on one day of the period, and how they were answered.</summary>
public sealed record SatisfactionDay(DateTimeOffset Start, int Sent, int Good, int Bad)
{
    public double? GoodPercent => Good + Bad == 0 ? null : 100.0 * Good / (Good + Bad);
}

/// <summary>One answer, for the list of the latest: what the customer said of which ticket.</summary>
public sealed record RatedTicket(int Number, string Subject, string? Assignee, SatisfactionRating Rating, string? Comment, DateTimeOffset RatedAt, SlaOutcome Sla);

/// <summary>Satisfaction over the period: in all, split by SLA outcome (met, missed, none), per day, and the latest answers.</summary>
public sealed record SatisfactionSummary(SatisfactionRow Total, IReadOnlyList<SatisfactionRow> BySla, IReadOnlyList<SatisfactionDay> Days, IReadOnlyList<RatedTicket> Latest);

public sealed record Dashboard(
    ReportFilter Filter,
    IReadOnlyList<Achievement> Achievement,
    IReadOnlyList<Durations> Durations,
    IReadOnlyList<ReportDay> Days,
    IReadOnlyList<Bucket> FirstResponseDistribution,
    int Backlog,
    IReadOnlyList<BacklogAge> BacklogAges,
    IReadOnlyList<AtRiskTicket> AtRisk,
    SatisfactionSummary Satisfaction);

/// <summary>One breached clock: by how much (business time past its target, up to its stop or now), who has it, what was escalated.</summary>
public sealed record BreachRow(
    int Number, string Subject, SlaMetric Metric, int Cycle, TicketPriority Priority, string? Assignee, string PolicyName,
    DateTimeOffset BreachedAt, TimeSpan Over, bool Open, int Escalations);
