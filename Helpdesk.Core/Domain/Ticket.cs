using System.Globalization;

namespace Helpdesk.Core.Domain;

/// <summary>
/// A customer's request and its whole conversation. Every change goes through a method here,
/// which enforces the rules and writes the audit trail; nothing outside sets a field.
/// </summary>
public sealed partial class Ticket
{
    private readonly List<TicketMessage> _messages = [];
    private readonly List<AuditEntry> _auditTrail = [];
    private readonly List<TicketTag> _tags = [];
    private readonly List<TicketCc> _cc = [];

    // Not stored: set by every change, cleared when the SLA engine has run on the ticket. A unit of work
    // refuses to commit a ticket whose clocks are behind its changes (see TicketSaver).
    private bool _clocksBehind;

    private Ticket()
    {
    }

    /// <summary>The human ticket number (also the key): what customers quote as [#123].</summary>
    public int Number { get; private set; }

    public string Subject { get; private set; } = string.Empty;

    public TicketStatus Status { get; private set; }

    public TicketPriority Priority { get; private set; }

    public TicketChannel Channel { get; private set; }

    public int RequesterId { get; private set; }

    public Customer Requester { get; private set; } = null!;

    public int? OrganizationId { get; private set; }

    public Organization? Organization { get; private set; }

    public string? AssigneeId { get; private set; }

    public Agent? Assignee { get; private set; }

    public int? GroupId { get; private set; }

    public Group? Group { get; private set; }

    public int? CategoryId { get; private set; }

    public Category? Category { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? FirstRespondedAt { get; private set; }

    public DateTimeOffset? LastCustomerMessageAt { get; private set; }

    public DateTimeOffset? LastAgentReplyAt { get; private set; }

    public DateTimeOffset? SolvedAt { get; private set; }

    /// <summary>When the ticket entered its current status (automations count hours from it).</summary>
    public DateTimeOffset? StatusChangedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The oldest customer message not yet answered since an agent's reply; starts the next-response clock.</summary>
    public DateTimeOffset? AwaitingReplySince { get; private set; }

    /// <summary>Grows by one with every change; the optimistic concurrency token.</summary>
    public int Version { get; private set; }

    public IReadOnlyCollection<TicketMessage> Messages => _messages.AsReadOnly();

    public IReadOnlyCollection<AuditEntry> AuditTrail => _auditTrail.AsReadOnly();

    public IReadOnlyCollection<TicketTag> Tags => _tags.AsReadOnly();

    public IEnumerable<string> TagNames => _tags.Select(t => t.Name).Order(StringComparer.Ordinal);

    /// <summary>Opens a ticket whose first message is the customer's own request.</summary>
    public static Ticket Open(
        string subject,
        Customer requester,
        string description,
        TicketChannel channel,
        TicketPriority priority,
        Actor openedBy,
        DateTimeOffset now,
        IReadOnlyCollection<AttachmentFile>? attachments = null)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new DomainException("A ticket needs a subject.");
        }

        var ticket = new Ticket
        {
            Subject = subject.Trim(),
            Status = TicketStatus.New,
            Priority = priority,
            Channel = channel,
            Requester = requester,
            RequesterId = requester.Id,
            Organization = requester.Organization,
            OrganizationId = requester.OrganizationId,
            CreatedAt = now,
            UpdatedAt = now,
            LastCustomerMessageAt = now,
            StatusChangedAt = now,
            Version = 1,
            _clocksBehind = true,
        };
        ticket._messages.Add(TicketMessage.FromCustomer(ticket, requester, description, now, attachments));
        ticket.Record(openedBy, now, "Ticket", null, $"Created via {channel} for {requester.DisplayName}");
        return ticket;
    }

    public TicketMessage AddAgentReply(Agent author, string body, DateTimeOffset now, IReadOnlyCollection<AttachmentFile>? attachments = null)
    {
        EnsureNotClosed("reply to");
        var message = TicketMessage.FromAgent(this, author, MessageVisibility.Public, body, now, attachments);
        _messages.Add(message);
        FirstRespondedAt ??= now;
        LastAgentReplyAt = now;
        AwaitingReplySince = null;
        var by = Actor.ForAgent(author);
        Record(by, now, "Reply", null, Excerpt(body));
        if (Status == TicketStatus.New)
        {
            SetStatus(TicketStatus.Open, by, now);
        }

        Touch(now);
        return message;
    }

    public TicketMessage AddInternalNote(Agent author, string body, DateTimeOffset now, IReadOnlyCollection<AttachmentFile>? attachments = null)
    {
        var message = TicketMessage.FromAgent(this, author, MessageVisibility.Internal, body, now, attachments);
        _messages.Add(message);
        Record(Actor.ForAgent(author), now, "Note", null, Excerpt(body));
        Touch(now);
        return message;
    }

    /// <summary>An internal note written by the system on its own (an automation), under the name given.</summary>
    public TicketMessage AddSystemNote(string author, string body, DateTimeOffset now)
    {
        EnsureNotClosed("add a note to");
        var message = TicketMessage.FromSystem(this, author, body, now);
        _messages.Add(message);
        Record(new Actor(ActorKind.System, null, author), now, "Note", null, Excerpt(body));
        Touch(now);
        return message;
    }

    /// <summary>
    /// The customer wrote again. A Pending, On-hold or Solved ticket goes back to Open; a Closed ticket
    /// takes no more messages (the caller opens a follow-up ticket instead).
    /// </summary>
    public TicketMessage AddCustomerMessage(Customer author, string body, DateTimeOffset now, IReadOnlyCollection<AttachmentFile>? attachments = null)
    {
        EnsureNotClosed("add a customer message to");
        var message = TicketMessage.FromCustomer(this, author, body, now, attachments);
        _messages.Add(message);
        LastCustomerMessageAt = now;
        if (FirstRespondedAt is not null)
        {
            AwaitingReplySince ??= now;
        }

        var by = Actor.ForCustomer(author);
        Record(by, now, "Customer message", null, Excerpt(body));
        if (Status is TicketStatus.Pending or TicketStatus.OnHold or TicketStatus.Solved)
        {
            SetStatus(TicketStatus.Open, by, now);
        }

        Touch(now);
        return message;
    }

    /// <summary>An agent sets the status. New cannot be chosen again, and a Closed ticket stays closed.</summary>
    public void ChangeStatus(TicketStatus status, Actor by, DateTimeOffset now)
    {
        if (status == Status)
        {
            return;
        }

        EnsureNotClosed("change the status of");
        if (status == TicketStatus.New)
        {
            throw new DomainException("A ticket cannot be set back to New once work has started.");
        }

        if (status == TicketStatus.Closed && Status != TicketStatus.Solved)
        {
            throw new DomainException("Only a solved ticket can be closed: solve it first.");
        }

        SetStatus(status, by, now);
        Touch(now);
    }

    public void ChangePriority(TicketPriority priority, Actor by, DateTimeOffset now)
    {
        if (priority == Priority)
        {
            return;
        }

        EnsureNotClosed("change the priority of");
        Record(by, now, "Priority", Priority.ToString(), priority.ToString());
        Priority = priority;
        Touch(now);
    }

    public void Assign(Agent? assignee, Actor by, DateTimeOffset now)
    {
        if (assignee?.Id == AssigneeId)
        {
            return;
        }

        EnsureNotClosed("reassign");
        if (assignee is { IsActive: false })
        {
            throw new DomainException($"{assignee.DisplayName} is deactivated and cannot take tickets.");
        }

        Record(by, now, "Assignee", Assignee?.DisplayName ?? AssigneeId, assignee?.DisplayName);
        Assignee = assignee;
        AssigneeId = assignee?.Id;
        Touch(now);
    }

    public void ChangeGroup(Group? group, Actor by, DateTimeOffset now)
    {
        if (group?.Id == GroupId)
        {
            return;
        }

        EnsureNotClosed("regroup");
        Record(by, now, "Group", Group?.Name, group?.Name);
        Group = group;
        GroupId = group?.Id;
        Touch(now);
    }

    public void ChangeCategory(Category? category, Actor by, DateTimeOffset now)
    {
        if (category?.Id == CategoryId)
        {
            return;
        }

        EnsureNotClosed("recategorise");
        Record(by, now, "Category", Category?.Name, category?.Name);
        Category = category;
        CategoryId = category?.Id;
        Touch(now);
    }

    public void ChangeSubject(string subject, Actor by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(subject))
        {
            throw new DomainException("A ticket needs a subject.");
        }

        subject = subject.Trim();
        if (subject == Subject)
        {
            return;
        }

        EnsureNotClosed("rename");
        Record(by, now, "Subject", Subject, subject);
        Subject = subject;
        Touch(now);
    }

    /// <summary>Replaces the tags with the given set (normalised: lower case, no spaces, no duplicates).</summary>
    public void SetTags(IEnumerable<string> tags, Actor by, DateTimeOffset now)
    {
        var wanted = TicketTag.Normalize(tags);
        var current = _tags.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (current.SetEquals(wanted))
        {
            return;
        }

        EnsureNotClosed("retag");
        if (wanted.Count > Limits.MaxTags)
        {
            throw new DomainException($"A ticket can carry at most {Limits.MaxTags} tags.");
        }

        Record(by, now, "Tags", JoinTags(current), JoinTags(wanted));
        _tags.RemoveAll(t => !wanted.Contains(t.Name));
        foreach (var name in wanted.Where(n => !current.Contains(n)))
        {
            _tags.Add(new TicketTag(this, name));
        }

        Touch(now);
    }

    /// <summary>An automation ran on the ticket (its field changes and note are recorded on their own).</summary>
    public void RecordAutomation(Actor by, DateTimeOffset now, string automation, string? emailedTo)
    {
        Record(by, now, "Automation", null, emailedTo is null ? automation : $"{automation}; emailed {emailedTo}");
        Touch(now);
    }

    /// <summary>Rejects the edit when the ticket moved on since the editor loaded <paramref name="seenVersion"/>.</summary>
    public void EnsureVersion(int seenVersion)
    {
        if (seenVersion != Version)
        {
            throw new ConcurrencyConflictException(Number);
        }
    }

    private void SetStatus(TicketStatus status, Actor by, DateTimeOffset now)
    {
        Record(by, now, "Status", Status.Label(), status.Label());
        Status = status;
        StatusChangedAt = now;
        switch (status)
        {
            case TicketStatus.Solved:
                SolvedAt = now;
                break;
            case TicketStatus.Closed:
                ClosedAt = now;
                break;
            default:
                SolvedAt = null;
                break;
        }
    }

    private void EnsureNotClosed(string what)
    {
        if (Status == TicketStatus.Closed)
        {
            throw new DomainException($"Ticket #{Number} is closed: you cannot {what} it. Open a follow-up ticket instead.");
        }
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
        _clocksBehind = true;
    }

    private void Record(Actor by, DateTimeOffset now, string field, string? oldValue, string? newValue) =>
        _auditTrail.Add(new AuditEntry(this, by, now, field, oldValue, newValue));

    private static string JoinTags(IEnumerable<string> tags) => string.Join(' ', tags.Order(StringComparer.Ordinal));

    private static string Excerpt(string body)
    {
        var flat = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 120 ? flat : string.Concat(flat.AsSpan(0, 119), "…");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"#{Number} {Subject}");
}
