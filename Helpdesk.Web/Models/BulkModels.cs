using System.Globalization;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;

namespace Helpdesk.Web.Models;

/// <summary>The queue's bulk form: the selected tickets (number:version, as the agent saw them) and what to change.</summary>
public sealed class BulkInput
{
    public List<string> Tickets { get; set; } = [];

    public TicketStatus? Status { get; set; }

    public TicketPriority? Priority { get; set; }

    /// <summary>Empty: leave; "none": unassign; else an agent's id.</summary>
    public string? Assignee { get; set; }

    /// <summary>Empty: leave; "none": no group; else a group's id.</summary>
    public string? Group { get; set; }

    public string? AddTags { get; set; }

    public int? Macro { get; set; }

    /// <summary>Where the queue was, to go back to.</summary>
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<(int Number, int Version)> Selected() =>
        [.. Tickets.Select(t => t.Split(':')).Where(p => p.Length == 2
                && int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out _) && int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(p => (int.Parse(p[0], CultureInfo.InvariantCulture), int.Parse(p[1], CultureInfo.InvariantCulture)))
            .DistinctBy(p => p.Item1)];

    public BulkChange Change() => new(
        Status,
        Priority,
        SetAssignee: !string.IsNullOrEmpty(Assignee),
        AssigneeId: Assignee is { Length: > 0 } and not "none" ? Assignee : null,
        SetGroup: !string.IsNullOrEmpty(Group),
        GroupId: Group is { Length: > 0 } g && int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null,
        AddTags: string.IsNullOrWhiteSpace(AddTags) ? null : AddTags.Trim(),
        MacroId: Macro);
}

/// <summary>The preview of a bulk action (what will change on which tickets) or, after it, what happened.</summary>
public sealed record BulkViewModel
{
    public required BulkInput Input { get; init; }

    public required IReadOnlyList<QueueRow> Tickets { get; init; }

    /// <summary>The changes in words: "Status → Pending".</summary>
    public required IReadOnlyList<string> Changes { get; init; }

    public BulkOutcome? Outcome { get; init; }

    public string? Error { get; init; }
}
