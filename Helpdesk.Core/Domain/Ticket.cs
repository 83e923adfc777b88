using System.Globalization;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Domain;

/// <summary>
/// A customer's request and its whole conversation. Every change goes through a method here,
/// which enforces the rules and writes the audit trail; nothing outside sets a field.
/// </summary>
public sealed class Ticket
{
    private readonly List<TicketMessage> _messages = [];
    private readonly List<AuditEntry> _auditTrail = [];
    private readonly List<TicketTag> _tags = [];
    private readonly List<SlaClock> _slaClocks = [];
    private readonly List<SlaEvent> _slaEvents = [];
    private readonly List<SlaEscalation> _slaEscalations = [];
    private readonly List<TicketCc> _cc = [];

    // Not stored: set by every change, cleared when the SLA engine has run on the ticket. A unit of work
    // refuses to commit a ticket whose clocks are behind its changes (see TicketSaver).
    private bool _clocksBehind;

    private Ticket()
    {
    }

    /// <summary>The ticket changed since the SLA engine last ran on it in this unit of work.</summary>
    public bool ClocksBehind => _clocksBehind;

    /// <summary>The human ticket number (also the key): what customers quote as [#123].</summary>
    public int Number { get; private set; }

    public string Subject { get; private set; } = string.Empty;

    /// <summary>Other addresses on the ticket: Cc'd on the customer's mail, or added as followers.</summary>
    public IReadOnlyCollection<TicketCc> Cc => _cc.AsReadOnly();

    /// <summary>The closed ticket this one follows up, when a customer wrote to a closed ticket.</summary>
    public int? FollowUpOf { get; private set; }

    public IReadOnlyList<string> CcAddresses => [.. _cc.Select(c => c.Address)];

    /// <summary>The requester, or an address on the ticket.</summary>
    public bool Involves(string email) =>
        string.Equals(Requester.Email, email, StringComparison.OrdinalIgnoreCase) || CcAddresses.Contains(email, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds addresses to the ticket's Cc (the requester and duplicates left out).</summary>
    public void AddCc(IEnumerable<string> addresses, Actor by, DateTimeOffset now)
    {
        var current = CcAddresses.ToList();
        var added = addresses.Select(a => a.Trim().ToLowerInvariant()).Where(a => a.Length > 0 && !Involves(a)).Distinct().ToList();
        if (added.Count == 0)
        {
            return;
        }

        var joined = string.Join(", ", current.Concat(added));
        if (joined.Length > Limits.CcLength)
        {
            return; // a mailing of hundreds is not a conversation to copy everyone on
        }

        Record(by, now, "Cc", current.Count == 0 ? null : string.Join(", ", current), joined);
        _cc.AddRange(added.Select(a => new TicketCc(this, a)));
        Touch(now);
    }

    /// <summary>Links this new ticket to the closed one a customer wrote to.</summary>
    public void MarkFollowUpOf(int closedTicket, Actor by, DateTimeOffset now)
    {
        if (FollowUpOf == closedTicket)
        {
            return;
        }

        Record(by, now, "Follow-up of", FollowUpOf is int old ? $"#{old}" : null, $"#{closedTicket}");
        FollowUpOf = closedTicket;
        Touch(now);
    }

    /// <summary>The service disruption this ticket is about, if any.</summary>
    public int? DisruptionId { get; private set; }

    /// <summary>
    /// Linked to a disruption that is not yet resolved: kept on the ticket (set on linking, cleared on resolution)
    /// so the SLA engine can pause for it wherever it runs, without reading the disruption.
    /// </summary>
    public bool DisruptionOngoing { get; private set; }

    public void LinkDisruption(Disruption? disruption, Actor by, DateTimeOffset now)
    {
        if (disruption?.Id == DisruptionId)
        {
            return;
        }

        Record(by, now, "Disruption", DisruptionId is int old ? $"#{old}" : null, disruption is null ? null : $"#{disruption.Id} {disruption.Title}");
        DisruptionId = disruption?.Id;
        DisruptionOngoing = disruption?.IsActive ?? false;
        Touch(now);
    }

    /// <summary>
    /// The reply a supervisor sends to every ticket of a resolved disruption, in one action: a public reply,
    /// optionally solving the ticket, with an audit entry saying where it came from.
    /// </summary>
    public TicketMessage AnswerForDisruption(Disruption disruption, Agent author, string body, bool solve, DateTimeOffset now)
    {
        if (disruption.Id != DisruptionId)
        {
            throw new DomainException($"Ticket #{Number} is not linked to disruption #{disruption.Id}.");
        }

        var message = AddAgentReply(author, body, now);
        var by = Actor.ForAgent(author);
        Record(by, now, "Disruption follow-up", null, $"reply to all tickets of #{disruption.Id} {disruption.Title}{(solve ? ", solved" : string.Empty)}");
        if (solve)
        {
            ChangeStatus(TicketStatus.Solved, by, now);
        }

        return message;
    }

    /// <summary>The linked disruption was resolved (the link stays, for the record).</summary>
    public void DisruptionEnded(Disruption disruption)
    {
        if (disruption.Id == DisruptionId && !disruption.IsActive)
        {
            DisruptionOngoing = false;
            _clocksBehind = true; // paused clocks run again
        }
    }

    /// <summary>Its disruption was reopened (resolved too early): the ticket is in it again.</summary>
    public void DisruptionReopened(Disruption disruption)
    {
        if (disruption.Id == DisruptionId && disruption.IsActive && Status < TicketStatus.Solved)
        {
            DisruptionOngoing = true;
            _clocksBehind = true; // clocks pause again
        }
    }

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

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>When the satisfaction survey went to the requester: once per ticket, on its first solve.</summary>
    public DateTimeOffset? SurveySentAt { get; private set; }

    /// <summary>
    /// Whether every SLA clock of the ticket was met in time when the survey went out (null: it had none), kept with
    /// the survey: the answer rates the service up to that solve, whatever happens to the ticket afterwards.
    /// </summary>
    public bool? SurveySlaMet { get; private set; }

    /// <summary>The requester's answer to the survey, if any (one answer per survey).</summary>
    public SatisfactionRating? Satisfaction { get; private set; }

    public string? SatisfactionComment { get; private set; }

    public DateTimeOffset? SatisfactionAt { get; private set; }

    /// <summary>The oldest customer message not yet answered since an agent's reply; starts the next-response clock.</summary>
    public DateTimeOffset? AwaitingReplySince { get; private set; }

    /// <summary>The SLA policy that governs the ticket now, if any.</summary>
    public int? SlaPolicyId { get; private set; }

    /// <summary>Due moment of the most urgent running clock, or <see cref="SlaEngine.NoDeadline"/>: the queue's urgency order.</summary>
    public DateTimeOffset SlaDueAt { get; private set; } = SlaEngine.NoDeadline;

    /// <summary>When the most urgent running clock reaches (or reached) its first warning level.</summary>
    public DateTimeOffset? SlaWarnAt { get; private set; }

    public SlaMetric? SlaMetric { get; private set; }

    public IReadOnlyCollection<SlaClock> SlaClocks => _slaClocks.AsReadOnly();

    public IReadOnlyCollection<SlaEvent> SlaEvents => _slaEvents.AsReadOnly();

    /// <summary>Escalations raised while this instance was loaded (the table holds them all).</summary>
    public IReadOnlyCollection<SlaEscalation> SlaEscalations => _slaEscalations.AsReadOnly();

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

    /// <summary>
    /// Marks the survey as sent if the ticket is solved (or closed since) and none was sent before; true when the caller is to send it.
    /// A ticket reopened and solved again gets no second survey. Call it after the SLA engine has stopped the clocks.
    /// </summary>
    public bool OfferSurvey(DateTimeOffset now)
    {
        if (Status is not (TicketStatus.Solved or TicketStatus.Closed) || SurveySentAt is not null)
        {
            return false;
        }

        SurveySentAt = now;
        var clocks = _slaClocks.Where(c => c.State != SlaClockState.Cancelled).ToList();
        SurveySlaMet = clocks.Count == 0 ? null
            : !clocks.Any(c => c.IsMissedAt(now));
        Record(Actor.System, now, "Satisfaction survey", null, $"sent to {Requester.Email}");
        return true;
    }

    /// <summary>The requester answers the survey: once, closed tickets included.</summary>
    public void Rate(SatisfactionRating rating, string? comment, DateTimeOffset now)
    {
        if (SurveySentAt is null)
        {
            throw new DomainException($"No satisfaction survey was sent for ticket #{Number}.");
        }

        if (Satisfaction is not null)
        {
            throw new DomainException($"Ticket #{Number} has been rated already.");
        }

        Satisfaction = rating;
        SatisfactionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        SatisfactionAt = now;
        var said = SatisfactionComment is null ? rating.ToString() : $"{rating}: {Excerpt(SatisfactionComment)}";
        Record(Actor.ForCustomer(Requester), now, "Satisfaction", null, said);
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

    internal SlaClock StartSlaClock(SlaMetric metric, int cycle, SlaPolicy policy, int targetMinutes, DateTimeOffset at)
    {
        var clock = new SlaClock(this, metric, cycle, policy, targetMinutes, at);
        _slaClocks.Add(clock);
        return clock;
    }

    internal void RecordSla(SlaClock clock, SlaEventKind kind, DateTimeOffset at, string detail) =>
        _slaEvents.Add(new SlaEvent(this, clock.Metric, clock.Cycle, kind, at, detail));

    /// <summary>An escalation's alert, in the ticket's own audit trail.</summary>
    internal void RecordEscalationAlert(string what, string recipients, DateTimeOffset at) =>
        Record(Actor.System, at, "Escalation", null, $"{what}; alert to {recipients}");

    internal SlaEscalation Escalate(SlaClock clock, int level, int? percent, DateTimeOffset at)
    {
        var escalation = new SlaEscalation(this, clock, level, percent, at);
        _slaEscalations.Add(escalation);
        return escalation;
    }

    internal void SetSlaSummary(int? policyId, DateTimeOffset dueAt, DateTimeOffset? warnAt, SlaMetric? metric)
    {
        SlaPolicyId = policyId;
        SlaDueAt = dueAt;
        SlaWarnAt = warnAt;
        SlaMetric = metric;
    }

    private void SetStatus(TicketStatus status, Actor by, DateTimeOffset now)
    {
        Record(by, now, "Status", Status.Label(), status.Label());
        Status = status;
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

    /// <summary>The SLA engine has brought the clocks up to date with the ticket.</summary>
    internal void ClocksFollowed() => _clocksBehind = false;

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
