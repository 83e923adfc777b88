namespace Helpdesk.Core.Domain;

/// <summary>The moment an automation counts its hours from.</summary>
public enum AutomationEvent
{
    /// <summary>When the ticket entered its current status.</summary>
    StatusChanged = 0,

    /// <summary>When the ticket was opened.</summary>
    Created = 1,

    /// <summary>The ticket's last change of any kind.</summary>
    Updated = 2,
}

/// <summary>
/// A rule on time (Zendesk's automations, Freshdesk's scenario rules): tickets in a status for at least some hours since
/// an event (by the clock, or business hours of a calendar), optionally of a priority, group or tag, get the actions:
/// an email to the requester from a Liquid template, field changes, tags, an internal note. It runs once per ticket and
/// occurrence of the event (a ticket that leaves the status and comes back can be reminded again).
/// </summary>
public sealed class Automation
{
    public const int TemplateLength = 10_000;
    public const int MaxHours = 24 * 365;

    private Automation()
    {
    }

    public Automation(string name, DateTimeOffset now)
    {
        Rename(name, now);
        IsActive = true;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    public bool IsActive { get; private set; }

    /// <summary>Order of running (an earlier one's changes are seen by the later ones in the same run).</summary>
    public int Position { get; private set; }

    // Conditions.
    public TicketStatus Status { get; private set; }

    public AutomationEvent Since { get; private set; }

    public int Hours { get; private set; }

    /// <summary>Hours counted in this calendar's business hours; null: by the clock.</summary>
    public int? CalendarId { get; private set; }

    public TicketPriority? Priority { get; private set; }

    public int? GroupId { get; private set; }

    public string? WithTag { get; private set; }

    public string? WithoutTag { get; private set; }

    // Actions.
    public TicketStatus? SetStatus { get; private set; }

    public TicketPriority? SetPriority { get; private set; }

    public string? AddTags { get; private set; }

    public string? EmailSubject { get; private set; }

    public string? EmailBody { get; private set; }

    /// <summary>The email in Portuguese, for requesters who read it (decision 020); null: they get the one above.</summary>
    public string? EmailSubjectPt { get; private set; }

    public string? EmailBodyPt { get; private set; }

    public string? Note { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public bool Emails => !string.IsNullOrWhiteSpace(EmailBody);

    public void Rename(string name, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("An automation needs a name.");
        }

        Name = name.Trim();
        UpdatedAt = now;
    }

    public void Define(
        bool active, int position, TicketStatus status, AutomationEvent since, int hours, int? calendarId, TicketPriority? priority, int? groupId,
        string? withTag, string? withoutTag, TicketStatus? setStatus, TicketPriority? setPriority, string? addTags, string? emailSubject, string? emailBody,
        string? note, DateTimeOffset now, string? emailSubjectPt = null, string? emailBodyPt = null)
    {
        if (hours is < 1 or > MaxHours)
        {
            throw new DomainException($"The hours are between 1 and {MaxHours}.");
        }

        if (status == TicketStatus.Closed)
        {
            throw new DomainException("A closed ticket takes no more changes: choose another status.");
        }

        if (setStatus == TicketStatus.New)
        {
            throw new DomainException("A ticket cannot be set back to New.");
        }

        if (setStatus is null && setPriority is null && string.IsNullOrWhiteSpace(addTags) && string.IsNullOrWhiteSpace(emailBody) && string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException("Choose at least one action.");
        }

        IsActive = active;
        Position = position;
        Status = status;
        Since = since;
        Hours = hours;
        CalendarId = calendarId;
        Priority = priority;
        GroupId = groupId;
        WithTag = Tag(withTag);
        WithoutTag = Tag(withoutTag);
        SetStatus = setStatus;
        SetPriority = setPriority;
        AddTags = string.IsNullOrWhiteSpace(addTags) ? null : string.Join(' ', TicketTag.Normalize([addTags]).Order(StringComparer.Ordinal));
        EmailSubject = string.IsNullOrWhiteSpace(emailBody) ? null : Blank(emailSubject);
        EmailBody = Blank(emailBody);
        EmailBodyPt = EmailBody is null ? null : Blank(emailBodyPt);
        EmailSubjectPt = EmailBodyPt is null ? null : Blank(emailSubjectPt);
        Note = Blank(note);
        UpdatedAt = now;
    }

    /// <summary>The moment the hours count from, on this ticket.</summary>
    public DateTimeOffset EventOf(Ticket ticket) => Since switch
    {
        AutomationEvent.Created => ticket.CreatedAt,
        AutomationEvent.Updated => ticket.UpdatedAt,
        _ => ticket.StatusChangedAt ?? ticket.CreatedAt,
    };

    /// <summary>The conditions other than time, as the ticket stands.</summary>
    public bool Matches(Ticket ticket) =>
        ticket.Status == Status
        && ticket.MergedInto is null
        && (Priority is null || ticket.Priority == Priority)
        && (GroupId is null || ticket.GroupId == GroupId)
        && (WithTag is null || ticket.TagNames.Contains(WithTag, StringComparer.Ordinal))
        && (WithoutTag is null || !ticket.TagNames.Contains(WithoutTag, StringComparer.Ordinal));

    private static string? Tag(string? tag) => string.IsNullOrWhiteSpace(tag) ? null : TicketTag.Normalize([tag]).FirstOrDefault();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public static class AutomationEventExtensions
{
    public static string Label(this AutomationEvent since) => since switch
    {
        AutomationEvent.Created => "since it was opened",
        AutomationEvent.Updated => "since its last change",
        _ => "since it entered that status",
    };
}

/// <summary>That an automation ran on a ticket for one occurrence of its event: the key that makes it run once.</summary>
public sealed class AutomationRun
{
    private AutomationRun()
    {
    }

    public AutomationRun(int automationId, int ticketNumber, DateTimeOffset eventAt, DateTimeOffset ranAt)
    {
        AutomationId = automationId;
        TicketNumber = ticketNumber;
        EventAt = eventAt;
        RanAt = ranAt;
    }

    public long Id { get; private set; }

    public int AutomationId { get; private set; }

    public int TicketNumber { get; private set; }

    public DateTimeOffset EventAt { get; private set; }

    public DateTimeOffset RanAt { get; private set; }
}
