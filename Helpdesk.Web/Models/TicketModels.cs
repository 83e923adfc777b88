using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Presentation;

namespace Helpdesk.Web.Models;

/// <summary>The ticket page: what it shows of the ticket, made by <see cref="TicketPage"/>, and the form the agent works in.</summary>
public sealed record TicketViewModel
{
    public required TicketHeading Ticket { get; init; }

    public required RequesterCard Requester { get; init; }

    public required IReadOnlyList<ConversationEntry> Conversation { get; init; }

    public IReadOnlyList<SlaClockView> Sla { get; init; } = [];

    public required IReadOnlyList<SlaTimelineEntry> SlaTimeline { get; init; }

    public required IReadOnlyList<AuditRow> AuditTrail { get; init; }

    public SatisfactionCard? Satisfaction { get; init; }

    /// <summary>The disruption the ticket is linked to, if any.</summary>
    public int? LinkedDisruptionId { get; init; }

    /// <summary>An assignee no longer in the agent list (deactivated): kept shown and selected until changed on purpose.</summary>
    public AgentOption? FormerAssignee { get; init; }

    /// <summary>The ticket's field values as stored: posted unchanged when the fields are locked (closed ticket).</summary>
    public required TicketUpdateInput Current { get; init; }

    public required Lookups Lookups { get; init; }

    public required TicketUpdateInput Input { get; init; }

    /// <summary>The banner's disruptions, which are also those the ticket can be linked to.</summary>
    public required IReadOnlyList<ActiveDisruption> ActiveDisruptions { get; init; }

    /// <summary>Set when the agent's submission lost a race: what they tried, shown beside the current state.</summary>
    public IReadOnlyList<string>? UnsavedChanges { get; init; }

    public string? Conflict { get; init; }

    /// <summary>Where the viewer goes after sending, as they chose last.</summary>
    public AfterSend AfterSend { get; init; }

    /// <summary>The viewer's id, for "Assign to me".</summary>
    public string? ViewerId { get; init; }

    /// <summary>The macros the viewer may apply (shared and their own).</summary>
    public IReadOnlyList<NamedOption> Macros { get; init; } = [];

    /// <summary>Set when a macro was just applied: the form holds its changes, unsaved.</summary>
    public string? AppliedMacro { get; init; }

    public bool IsClosed => Ticket.Status == TicketStatus.Closed;

    /// <summary>The requester's other unsolved tickets: the likely targets of a merge.</summary>
    public IReadOnlyList<QueueRow> MergeCandidates { get; init; } = [];
}

public sealed record TicketHeading(int Number, string Subject, TicketStatus Status, TicketPriority Priority, TicketChannel Channel, DateTimeOffset CreatedAt, int? MergedInto = null);

public sealed record RequesterCard(int Id, string Name, string Email, NamedOption? Organization);

/// <summary>Who wrote a message, as the conversation marks it.</summary>
public enum ConversationAuthor
{
    Customer,
    AgentReply,
    InternalNote,
}

/// <summary>One message as the conversation shows it: received HTML already made safe, or text with its quoted history folded.</summary>
public sealed record ConversationEntry(
    long Id,
    ConversationAuthor Author,
    string AuthorName,
    DateTimeOffset At,
    MessageHtml? Html,
    string Text,
    string? FullText,
    IReadOnlyList<AttachmentLink> Attachments,
    int? MergedFrom = null);

public sealed record AttachmentLink(long Id, string Name, long Size);

public sealed record SlaTimelineEntry(DateTimeOffset At, string Metric, string Event, string Detail);

public sealed record AuditRow(DateTimeOffset At, string Actor, string Field, string? OldValue, string? NewValue);

public sealed record SatisfactionCard(DateTimeOffset SentAt, SatisfactionRating? Rating, DateTimeOffset? RatedAt, string? Comment);

/// <summary>The merge page: the duplicate, the ticket it would merge into (once named and valid), and what is wrong.</summary>
public sealed record MergeViewModel
{
    public required Ticket Duplicate { get; init; }

    public Ticket? Survivor { get; init; }

    public required MergeInput Input { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>The requester's other unsolved tickets, to pick from.</summary>
    public IReadOnlyList<QueueRow> Candidates { get; init; } = [];

    public string? Conflict { get; init; }

    /// <summary>The duplicate's customer has a message nobody answered: the survivor will be waiting for a reply.</summary>
    public bool Unanswered => Duplicate.Status.IsUnsolved()
        && Duplicate.LastCustomerMessageAt is { } asked && asked > (Duplicate.LastAgentReplyAt ?? DateTimeOffset.MinValue);
}

public sealed record AutomationListViewModel
{
    public required IReadOnlyList<Automation> Automations { get; init; }

    public required IReadOnlyDictionary<int, int> RecentRuns { get; init; }

    public required IReadOnlyDictionary<int, string> Calendars { get; init; }

    public required IReadOnlyDictionary<int, string> Groups { get; init; }
}

public sealed record AutomationFormViewModel
{
    public int? Id { get; init; }

    public required AutomationInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Calendars { get; init; }

    public required IReadOnlyList<NamedOption> Groups { get; init; }

    /// <summary>Set when saving would act on tickets at once: their numbers, for the admin to confirm.</summary>
    public IReadOnlyList<int>? DueNow { get; init; }
}

public sealed record TemplateListViewModel
{
    public required IReadOnlyDictionary<(Helpdesk.Core.Mail.EmailTemplateKind Kind, string Language), Helpdesk.Core.Mail.EmailTemplate> Custom { get; init; }
}

public sealed record TemplateFormViewModel
{
    public required Helpdesk.Core.Mail.EmailTemplateDefinition Definition { get; init; }

    public required string Language { get; init; }

    public required string Subject { get; init; }

    public required string Body { get; init; }

    public Helpdesk.Core.Mail.EmailTemplate? Saved { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];

    public (string Subject, string Body)? Preview { get; init; }
}
