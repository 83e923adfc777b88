using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>The read side of the agent's work: the queue, its views and a ticket's page.</summary>
public interface ITicketQueries
{
    Task<QueuePage> QueueAsync(QueueQuery query, string agentId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The tickets the queue's filters match with a number below <paramref name="before"/> (all when null), newest first: the API's cursor pages.</summary>
    Task<IReadOnlyList<QueueRow>> BeforeAsync(QueueQuery query, string agentId, DateTimeOffset now, int? before, int take, CancellationToken ct = default);

    Task<QueueCounts> CountsAsync(string agentId, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Whether a ticket of that number exists (a search for "#123" opens it, whatever its status).</summary>
    Task<bool> ExistsAsync(int number, CancellationToken ct = default);

    /// <summary>The queue rows of these tickets, by number (a bulk action's preview and outcome).</summary>
    Task<IReadOnlyList<QueueRow>> RowsAsync(IReadOnlyCollection<int> numbers, CancellationToken ct = default);

    /// <summary>The requester's other unsolved tickets, newest first (at most <paramref name="take"/>): where a duplicate is merged.</summary>
    Task<IReadOnlyList<QueueRow>> RequesterOpenTicketsAsync(int requesterId, int except, int take, CancellationToken ct = default);

    /// <summary>A ticket with its conversation, audit trail and related records, read only.</summary>
    Task<Ticket?> GetTicketAsync(int number, CancellationToken ct = default);

    Task<Lookups> LookupsAsync(CancellationToken ct = default);

    /// <summary>An attachment of a message on the given ticket, or null.</summary>
    Task<Attachment?> GetAttachmentAsync(int number, long attachmentId, CancellationToken ct = default);
}

/// <summary>The choices of the forms' lists: active agents, groups and categories, by name.</summary>
public sealed record Lookups(
    IReadOnlyList<AgentOption> Agents,
    IReadOnlyList<NamedOption> Groups,
    IReadOnlyList<NamedOption> Categories);

/// <summary>An agent as a list offers them.</summary>
public sealed record AgentOption(string Id, string DisplayName, int? GroupId);

/// <summary>A group, a category or an organization as a list offers it.</summary>
public sealed record NamedOption(int Id, string Name);

public static class QueueStatusFilter
{
    public const string Unsolved = "unsolved";
    public const string All = "all";

    public static readonly IReadOnlyList<string> Values =
        [Unsolved, "new", "open", "pending", "onhold", "solved", "closed", All];

    public static TicketStatus? ToStatus(string value) => value switch
    {
        "new" => TicketStatus.New,
        "open" => TicketStatus.Open,
        "pending" => TicketStatus.Pending,
        "onhold" => TicketStatus.OnHold,
        "solved" => TicketStatus.Solved,
        "closed" => TicketStatus.Closed,
        _ => null,
    };

    public static string FromStatus(TicketStatus status) => status.ToString().ToLowerInvariant();
}

public static class QueueAssigneeFilter
{
    public const string Me = "me";
    public const string Unassigned = "unassigned";
    public const string Anyone = "anyone";
}

public enum QueueSort
{
    /// <summary>Most urgent SLA clock first (the default); tickets without a running clock last, oldest first.</summary>
    Urgency,
    Updated,
    Created,
    Priority,
    Number,
    Subject,
    Status,
    Requester,

    /// <summary>Best match first (the default when searching): number, subject, requester or organization before message
    /// text, then by the full-text rank.</summary>
    Relevance,
}

/// <summary>What the agent asked the queue for; parsed and clamped from the query string.</summary>
public sealed record QueueQuery
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public string? Text { get; init; }

    public string Status { get; init; } = QueueStatusFilter.Unsolved;

    public TicketPriority? Priority { get; init; }

    /// <summary>"me", "unassigned", "anyone", or an agent id.</summary>
    public string Assignee { get; init; } = QueueAssigneeFilter.Anyone;

    public int? GroupId { get; init; }

    /// <summary>"at-risk" (a warning level reached, not yet due) or "breached" (running past due); null for any.</summary>
    public string? Sla { get; init; }

    public QueueSort Sort { get; init; } = QueueSort.Urgency;

    public bool Descending { get; init; } = true;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = DefaultPageSize;
}

public sealed record QueueRow(
    int Number,
    string Subject,
    TicketStatus Status,
    TicketPriority Priority,
    string RequesterName,
    string RequesterEmail,
    string? OrganizationName,
    string? AssigneeName,
    string? GroupName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset SlaDueAt,
    DateTimeOffset? SlaWarnAt,
    Helpdesk.Core.Sla.SlaMetric? SlaMetric,
    int? SlaPolicyId,
    int Version = 0);

public sealed record QueuePage(IReadOnlyList<QueueRow> Rows, int Total, int Page, int PageSize)
{
    /// <summary>More tickets match than were counted; <see cref="Total"/> is the cap.</summary>
    public bool TotalIsCapped { get; init; }

    /// <summary>
    /// Set when the search's words are in so many messages that only this many of the newest were searched, unranked.
    /// </summary>
    public int? SearchedNewestOnly { get; init; }

    public bool SearchIsBroad => SearchedNewestOnly is not null;

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>How many tickets each queue view holds.</summary>
public static class QueueSlaFilter
{
    public const string AtRisk = "at-risk";
    public const string Breached = "breached";
}

public sealed record QueueCounts(int MineUnsolved, int Unassigned, IReadOnlyDictionary<TicketStatus, int> ByStatus)
{
    public int AtRisk { get; init; }

    public int Breached { get; init; }

    public int Unsolved => ByStatus.Where(kv => kv.Key.IsUnsolved()).Sum(kv => kv.Value);

    public int Of(TicketStatus status) => ByStatus.GetValueOrDefault(status);
}
