namespace Helpdesk.Core.Domain;

/// <summary>
/// A named set of actions applied to a ticket in one step (Zendesk's word; "canned response" elsewhere): a reply or an
/// internal note written with placeholders, and field changes. Personal (its owner's) or shared (managed by admins).
/// </summary>
public sealed class Macro
{
    public const int BodyLength = 10_000;

    private Macro()
    {
    }

    public Macro(string name, string? ownerId, DateTimeOffset now)
    {
        OwnerId = ownerId;
        Rename(name, now);
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The agent whose macro it is; null for a shared one.</summary>
    public string? OwnerId { get; private set; }

    public bool IsShared => OwnerId is null;

    /// <summary>The message, in Liquid (<c>{{ requester.first_name }}</c>); empty for field changes only.</summary>
    public string Body { get; private set; } = string.Empty;

    /// <summary>An internal note rather than a public reply.</summary>
    public bool Internal { get; private set; }

    public TicketStatus? Status { get; private set; }

    public TicketPriority? Priority { get; private set; }

    public int? GroupId { get; private set; }

    /// <summary>Assign to the agent who applies it.</summary>
    public bool AssignToSelf { get; private set; }

    /// <summary>Tags added (space-separated).</summary>
    public string? AddTags { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public void Rename(string name, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("Give the macro a name.");
        }

        Name = name.Trim().Length > Limits.NameLength ? name.Trim()[..Limits.NameLength] : name.Trim();
        UpdatedAt = now;
    }

    public void Define(string? body, bool @internal, TicketStatus? status, TicketPriority? priority, int? groupId, bool assignToSelf, string? addTags, DateTimeOffset now)
    {
        Body = body?.Trim() ?? string.Empty;
        Internal = @internal;
        Status = status;
        Priority = priority;
        GroupId = groupId;
        AssignToSelf = assignToSelf;
        AddTags = string.IsNullOrWhiteSpace(addTags) ? null : addTags.Trim();
        if (Body.Length == 0 && status is null && priority is null && groupId is null && !assignToSelf && AddTags is null)
        {
            throw new DomainException("A macro needs a message or a field to change.");
        }

        UpdatedAt = now;
    }
}
