using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Sla;

public enum SlaMetric
{
    /// <summary>From creation to the first public agent reply.</summary>
    FirstResponse = 0,

    /// <summary>From the oldest customer message not yet answered (after an agent's reply) to the next public agent reply.</summary>
    NextResponse = 1,

    /// <summary>From creation to Solved; pauses like the others and resumes when the ticket is reopened.</summary>
    Resolution = 2,
}

public static class SlaMetricExtensions
{
    /// <summary>The metric in words, as agents, supervisors and customers read it.</summary>
    public static string Label(this SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => "First response",
        SlaMetric.NextResponse => "Next response",
        _ => "Resolution",
    };
}

/// <summary>A business calendar as stored: its JSON definition, compiled on demand.</summary>
public sealed class SlaCalendar
{
    private BusinessCalendar? _compiled;

    private SlaCalendar()
    {
    }

    public SlaCalendar(CalendarDefinition definition, DateTimeOffset now)
    {
        Replace(definition, now);
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public string Json { get; private set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; private set; }

    public CalendarDefinition Definition => CalendarDefinition.Parse(Json).Calendar
        ?? throw new InvalidOperationException($"Stored calendar {Id} is invalid.");

    public BusinessCalendar Compiled => _compiled ??= new BusinessCalendar(Definition);

    public void Replace(CalendarDefinition definition, DateTimeOffset now)
    {
        var problems = definition.Validate();
        if (problems.Count > 0)
        {
            throw new DomainException(string.Join(" ", problems));
        }

        Name = definition.Name;
        Json = definition.ToJson();
        UpdatedAt = now;
        _compiled = null;
    }
}

/// <summary>
/// Which tickets a policy governs (every condition left empty matches all), its targets per metric and
/// priority in business minutes, its calendar, the statuses that pause its clocks and its warning levels.
/// Policies are tried in <see cref="Position"/> order; the first active one that matches wins.
/// </summary>
public sealed class SlaPolicy
{
    private readonly List<SlaTarget> _targets = [];
    private readonly List<SlaLevelAction> _levelActions = [];

    private SlaPolicy()
    {
    }

    public SlaPolicy(string name, int calendarId, int position)
        : this(0, name, calendarId, position)
    {
    }

    /// <summary>
    /// A policy with a known id: a saved one rebuilt outside the database (a draft of it compared with the saved one, a
    /// test's fixture). A new policy gets its id from the database.
    /// </summary>
    public SlaPolicy(int id, string name, int calendarId, int position)
    {
        Id = id;
        Name = name.Trim();
        CalendarId = calendarId;
        Position = position;
        IsActive = true;
        PauseStatuses = [TicketStatus.Pending, TicketStatus.OnHold];
        WarnPercents = [75, 90];
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public int Position { get; private set; }

    public bool IsActive { get; private set; }

    public int CalendarId { get; private set; }

    public SlaCalendar Calendar { get; private set; } = null!;

    /// <summary>Empty matches every priority.</summary>
    public IReadOnlyList<TicketPriority> Priorities { get; private set; } = [];

    public IReadOnlyList<TicketChannel> Channels { get; private set; } = [];

    public IReadOnlyList<int> OrganizationIds { get; private set; } = [];

    public IReadOnlyList<int> CategoryIds { get; private set; } = [];

    public IReadOnlyList<TicketStatus> PauseStatuses { get; private set; } = [];

    /// <summary>Whether the clocks of a ticket linked to an active service disruption pause until it is resolved (off by default).</summary>
    public bool PausesDuringDisruptions { get; private set; }

    /// <summary>Warning thresholds as percentages of the target, ascending (e.g. 75, 90).</summary>
    public IReadOnlyList<int> WarnPercents { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>After a breach, remind the supervisors every this many business minutes (null: no reminders).</summary>
    public int? ReminderEveryMinutes { get; private set; }

    /// <summary>How many reminders at most follow a breach.</summary>
    public int ReminderLimit { get; private set; }

    /// <summary>What happens at each level that differs from the default (alert the supervisors, change nothing).</summary>
    public IReadOnlyCollection<SlaLevelAction> LevelActions => _levelActions.AsReadOnly();

    /// <summary>The actions at a warning percentage or at <see cref="SlaEscalation.BreachLevel"/>.</summary>
    public SlaLevelAction ActionAt(int level) =>
        _levelActions.FirstOrDefault(a => a.Level == level) ?? new SlaLevelAction(level, alertSupervisors: true, null, null, null, null);

    /// <summary>
    /// Sets the actions per level (a warning percentage, or 100 for the breach) and the reminders after a breach.
    /// Levels that are not among the warning levels or the breach are refused; default rows are not stored.
    /// </summary>
    public void SetEscalation(IEnumerable<SlaLevelAction> actions, int? reminderEveryMinutes, int reminderLimit)
    {
        var list = actions.Where(a => !a.IsDefault).ToList();
        foreach (var action in list)
        {
            if (action.Level != SlaEscalation.BreachLevel && !WarnPercents.Contains(action.Level))
            {
                throw new DomainException($"{action.Level} % is not one of the warning levels; add it to them first.");
            }
        }

        if (list.GroupBy(a => a.Level).Any(g => g.Count() > 1))
        {
            throw new DomainException("Each level has one set of actions.");
        }

        if (reminderEveryMinutes is <= 0 || (reminderEveryMinutes is not null && reminderLimit is < 1 or > SlaEscalation.MaxReminders))
        {
            throw new DomainException($"Reminders need an interval of at least one business minute and a count from 1 to {SlaEscalation.MaxReminders}.");
        }

        _levelActions.Clear();
        _levelActions.AddRange(list.OrderBy(a => a.Level));
        ReminderEveryMinutes = reminderEveryMinutes;
        ReminderLimit = reminderEveryMinutes is null ? 0 : reminderLimit;
    }

    public IReadOnlyCollection<SlaTarget> Targets => _targets.AsReadOnly();

    public bool Matches(Ticket ticket) =>
        IsActive &&
        (Priorities.Count == 0 || Priorities.Contains(ticket.Priority)) &&
        (Channels.Count == 0 || Channels.Contains(ticket.Channel)) &&
        (OrganizationIds.Count == 0 || (ticket.OrganizationId is int o && OrganizationIds.Contains(o))) &&
        (CategoryIds.Count == 0 || (ticket.CategoryId is int c && CategoryIds.Contains(c)));

    /// <summary>
    /// Whether this policy, being active, matches every ticket <paramref name="other"/> can match: in each condition
    /// it allows anything, or everything the other allows. Placed above the other, it leaves the other nothing.
    /// </summary>
    public bool Covers(SlaPolicy other)
    {
        static bool Wider<T>(IReadOnlyList<T> mine, IReadOnlyList<T> theirs) => mine.Count == 0 || (theirs.Count > 0 && theirs.All(mine.Contains));
        return IsActive && Wider(Priorities, other.Priorities) && Wider(Channels, other.Channels)
            && Wider(OrganizationIds, other.OrganizationIds) && Wider(CategoryIds, other.CategoryIds);
    }

    /// <summary>The first of <paramref name="ordered"/> (all policies, in order) above this one that covers it: this one then never applies.</summary>
    public SlaPolicy? ShadowedBy(IEnumerable<SlaPolicy> ordered) =>
        ordered.Where(p => p.Id != Id && (p.Position < Position || (p.Position == Position && p.Id < Id))).FirstOrDefault(p => p.Covers(this));

    /// <summary>The target in business minutes, or null when the policy sets none for this metric and priority.</summary>
    public int? TargetMinutes(SlaMetric metric, TicketPriority priority) =>
        _targets.FirstOrDefault(t => t.Metric == metric && t.Priority == priority)?.Minutes;

    public bool Pauses(TicketStatus status) => PauseStatuses.Contains(status);

    public void PauseDuringDisruptions(bool pause) => PausesDuringDisruptions = pause;

    public void Update(
        string name, int calendarId, bool isActive, IEnumerable<TicketPriority> priorities, IEnumerable<TicketChannel> channels,
        IEnumerable<int> organizationIds, IEnumerable<int> categoryIds, IEnumerable<TicketStatus> pauseStatuses,
        IEnumerable<int> warnPercents, IEnumerable<(SlaMetric Metric, TicketPriority Priority, int Minutes)> targets, DateTimeOffset now)
    {
        Name = name.Trim();
        CalendarId = calendarId;
        IsActive = isActive;
        Priorities = [.. priorities.Distinct().Order()];
        Channels = [.. channels.Distinct().Order()];
        OrganizationIds = [.. organizationIds.Distinct().Order()];
        CategoryIds = [.. categoryIds.Distinct().Order()];
        PauseStatuses = [.. pauseStatuses.Distinct().Order()];
        if (PauseStatuses.Any(s => s is TicketStatus.Solved or TicketStatus.Closed or TicketStatus.New))
        {
            throw new DomainException("Only Open, Pending and On hold can pause clocks.");
        }

        WarnPercents = [.. warnPercents.Distinct().Order()];
        if (WarnPercents.Any(p => p is <= 0 or >= 100))
        {
            throw new DomainException("Warning levels are percentages between 1 and 99.");
        }

        // Actions of a warning level that is gone go with it.
        _levelActions.RemoveAll(a => a.Level != SlaEscalation.BreachLevel && !WarnPercents.Contains(a.Level));

        _targets.Clear();
        foreach (var (metric, priority, minutes) in targets)
        {
            if (minutes <= 0)
            {
                throw new DomainException("Targets are positive numbers of business minutes.");
            }

            _targets.Add(new SlaTarget(metric, priority, minutes));
        }

        UpdatedAt = now;
    }

    public void MoveTo(int position) => Position = position;
}

public sealed class SlaTarget
{
    private SlaTarget()
    {
    }

    internal SlaTarget(SlaMetric metric, TicketPriority priority, int minutes)
    {
        Metric = metric;
        Priority = priority;
        Minutes = minutes;
    }

    public int PolicyId { get; private set; }

    public SlaMetric Metric { get; private set; }

    public TicketPriority Priority { get; private set; }

    public int Minutes { get; private set; }
}

/// <summary>
/// What a policy does when one of its clocks reaches a level (a warning percentage, or the breach): alert
/// the supervisors, raise the priority (never lowers it), move the ticket to a group, assign it to an
/// agent, add a tag. Run once per clock and level by the sweep (or the change that crossed the level).
/// </summary>
public sealed class SlaLevelAction
{
    private SlaLevelAction()
    {
    }

    public SlaLevelAction(int level, bool alertSupervisors, TicketPriority? raisePriority, int? groupId, string? agentId, string? tag)
    {
        Level = level;
        AlertSupervisors = alertSupervisors;
        RaisePriority = raisePriority;
        GroupId = groupId;
        AgentId = string.IsNullOrWhiteSpace(agentId) ? null : agentId;
        Tag = string.IsNullOrWhiteSpace(tag) ? null : TicketTag.Normalize([tag]).FirstOrDefault();
    }

    public int PolicyId { get; private set; }

    public int Level { get; private set; }

    public bool AlertSupervisors { get; private set; }

    public TicketPriority? RaisePriority { get; private set; }

    public int? GroupId { get; private set; }

    public string? AgentId { get; private set; }

    public string? Tag { get; private set; }

    public bool ChangesTicket => RaisePriority is not null || GroupId is not null || AgentId is not null || Tag is not null;

    public bool IsDefault => AlertSupervisors && !ChangesTicket;
}
