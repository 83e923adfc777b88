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

    private SlaPolicy()
    {
    }

    public SlaPolicy(string name, int calendarId, int position)
    {
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
    public List<TicketPriority> Priorities { get; private set; } = [];

    public List<TicketChannel> Channels { get; private set; } = [];

    public List<int> OrganizationIds { get; private set; } = [];

    public List<int> CategoryIds { get; private set; } = [];

    public List<TicketStatus> PauseStatuses { get; private set; } = [];

    /// <summary>Warning thresholds as percentages of the target, ascending (e.g. 75, 90).</summary>
    public List<int> WarnPercents { get; private set; } = [];

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>At a breach: raise the ticket's priority to this (never lowers it).</summary>
    public TicketPriority? BreachPriority { get; private set; }

    /// <summary>At a breach: move the ticket to this group.</summary>
    public int? BreachGroupId { get; private set; }

    /// <summary>At a breach: add this tag.</summary>
    public string? BreachTag { get; private set; }

    public bool HasBreachActions => BreachPriority is not null || BreachGroupId is not null || BreachTag is not null;

    public void SetBreachActions(TicketPriority? priority, int? groupId, string? tag)
    {
        BreachPriority = priority;
        BreachGroupId = groupId;
        BreachTag = string.IsNullOrWhiteSpace(tag) ? null : TicketTag.Normalize([tag]).FirstOrDefault();
    }

    public IReadOnlyCollection<SlaTarget> Targets => _targets.AsReadOnly();

    public bool Matches(Ticket ticket) =>
        IsActive &&
        (Priorities.Count == 0 || Priorities.Contains(ticket.Priority)) &&
        (Channels.Count == 0 || Channels.Contains(ticket.Channel)) &&
        (OrganizationIds.Count == 0 || (ticket.OrganizationId is int o && OrganizationIds.Contains(o))) &&
        (CategoryIds.Count == 0 || (ticket.CategoryId is int c && CategoryIds.Contains(c)));

    /// <summary>The target in business minutes, or null when the policy sets none for this metric and priority.</summary>
    public int? TargetMinutes(SlaMetric metric, TicketPriority priority) =>
        _targets.FirstOrDefault(t => t.Metric == metric && t.Priority == priority)?.Minutes;

    public bool Pauses(TicketStatus status) => PauseStatuses.Contains(status);

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
