using System.ComponentModel.DataAnnotations;

namespace Helpdesk.Core.Domain;

public enum DisruptionStatus
{
    Investigating = 0,

    [Display(Name = "Cause identified")]
    Identified = 1,

    [Display(Name = "Fix in place, monitoring")]
    Monitoring = 2,

    Resolved = 3,
}

public static class DisruptionStatusExtensions
{
    /// <summary>The status in words, as supervisors and customers read it (the same words as the form's choices).</summary>
    public static string Label(this DisruptionStatus status) => status switch
    {
        DisruptionStatus.Identified => "Cause identified",
        DisruptionStatus.Monitoring => "Fix in place, monitoring",
        _ => status.ToString(),
    };

    /// <summary>The status in the reader's language.</summary>
    public static string Label(this DisruptionStatus status, string language) => language != Languages.Portuguese ? status.Label() : status switch
    {
        DisruptionStatus.Investigating => "Em investigação",
        DisruptionStatus.Identified => "Causa identificada",
        DisruptionStatus.Monitoring => "Correção aplicada, em observação",
        _ => "Resolvida",
    };
}

/// <summary>
/// A service disruption declared by a supervisor: what customers are told, whom it touches (everyone, or
/// tickets of some categories and some organizations), and its timeline of updates, each of which is
/// emailed once to every customer it touches.
/// </summary>
public sealed class Disruption
{
    private readonly List<DisruptionUpdate> _updates = [];

    private Disruption()
    {
    }

    public Disruption(string title, bool everyone, IEnumerable<int> categoryIds, IEnumerable<int> organizationIds, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainException("Give the disruption a title.");
        }

        Title = title.Trim().Length > Limits.SubjectLength ? title.Trim()[..Limits.SubjectLength] : title.Trim();
        Everyone = everyone;
        CategoryIds = everyone ? [] : [.. categoryIds.Distinct().Order()];
        OrganizationIds = everyone ? [] : [.. organizationIds.Distinct().Order()];
        if (!Everyone && CategoryIds.Count == 0 && OrganizationIds.Count == 0)
        {
            throw new DomainException("Say whom the disruption touches: everyone, or some categories or organizations.");
        }

        StartedAt = now;
        Status = DisruptionStatus.Investigating;
    }

    public int Id { get; private set; }

    public string Title { get; private set; } = string.Empty;

    public DisruptionStatus Status { get; private set; }

    public bool Everyone { get; private set; }

    public IReadOnlyList<int> CategoryIds { get; private set; } = [];

    public IReadOnlyList<int> OrganizationIds { get; private set; } = [];

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsActive => Status != DisruptionStatus.Resolved;

    /// <summary>When a supervisor answered all linked tickets after the resolution (once per disruption).</summary>
    public DateTimeOffset? FollowUpAt { get; private set; }

    /// <summary>How many linked tickets that follow-up answered.</summary>
    public int FollowUpTickets { get; private set; }

    /// <summary>Whether the follow-up also solved them.</summary>
    public bool FollowUpSolved { get; private set; }

    /// <summary>Checks that the linked tickets may now be answered all at once.</summary>
    public void EnsureFollowUpAllowed()
    {
        if (IsActive)
        {
            throw new DomainException("Resolve the disruption before answering its tickets.");
        }

        if (FollowUpAt is not null)
        {
            throw new DomainException($"The linked tickets were already answered ({FollowUpTickets} ticket(s)).");
        }
    }

    /// <summary>Records the one follow-up to all linked tickets.</summary>
    public void FollowedUp(int tickets, bool solved, DateTimeOffset now)
    {
        EnsureFollowUpAllowed();
        FollowUpAt = now;
        FollowUpTickets = tickets;
        FollowUpSolved = solved;
    }

    /// <summary>The services it took down (or degraded): their availability counts it.</summary>
    public IReadOnlyList<int> ServiceIds { get; private set; } = [];

    /// <summary>The services worked, only worse: not counted as downtime.</summary>
    public bool Degraded { get; private set; }

    /// <summary>Names the services it touches and whether they were down or only degraded (at declaration, or corrected later).</summary>
    public void AffectServices(IEnumerable<int> serviceIds, bool degraded)
    {
        ServiceIds = [.. serviceIds.Distinct().Order()];
        Degraded = degraded;
    }

    /// <summary>Whether a ticket is in this disruption's scope.</summary>
    public bool Touches(Ticket ticket) =>
        Everyone || (ticket.CategoryId is int c && CategoryIds.Contains(c)) || (ticket.OrganizationId is int o && OrganizationIds.Contains(o));

    /// <summary>What customers were told last.</summary>
    public DisruptionUpdate? Latest => _updates.MaxBy(u => u.At);

    public IReadOnlyCollection<DisruptionUpdate> Updates => _updates.AsReadOnly();

    /// <summary>A new entry of the timeline, in the words customers get; resolving ends the disruption.</summary>
    public DisruptionUpdate Post(DisruptionStatus status, string message, DateTimeOffset now)
    {
        if (!IsActive && status == DisruptionStatus.Resolved)
        {
            throw new DomainException("This disruption is already resolved.");
        }

        // Resolved too early: an update with another status reopens it, unless its tickets were already answered.
        if (!IsActive && FollowUpAt is not null)
        {
            throw new DomainException("Its linked tickets were already answered as resolved; declare a new disruption instead.");
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            throw new DomainException("Write the message customers will get.");
        }

        var update = new DisruptionUpdate(this, status, message.Trim(), now);
        _updates.Add(update);
        Status = status;
        EndedAt = status == DisruptionStatus.Resolved ? now : null;
        return update;
    }
}

public sealed class DisruptionUpdate
{
    private DisruptionUpdate()
    {
    }

    internal DisruptionUpdate(Disruption disruption, DisruptionStatus status, string message, DateTimeOffset at)
    {
        Disruption = disruption;
        Status = status;
        Message = message.Length > Limits.NotesLength ? message[..Limits.NotesLength] : message;
        At = at;
    }

    public long Id { get; private set; }

    public int DisruptionId { get; private set; }

    public Disruption Disruption { get; private set; } = null!;

    public DisruptionStatus Status { get; private set; }

    public string Message { get; private set; } = string.Empty;

    public DateTimeOffset At { get; private set; }

    /// <summary>How many customers were emailed this update.</summary>
    public int Notified { get; private set; }

    internal void Counted(int count) => Notified = count;
}

/// <summary>That one customer was emailed one update: unique, so nobody gets the same update twice.</summary>
public sealed class DisruptionNotice
{
    private DisruptionNotice()
    {
    }

    public DisruptionNotice(DisruptionUpdate update, int customerId)
    {
        Update = update;
        CustomerId = customerId;
    }

    public long UpdateId { get; private set; }

    public DisruptionUpdate Update { get; private set; } = null!;

    public int CustomerId { get; private set; }
}
