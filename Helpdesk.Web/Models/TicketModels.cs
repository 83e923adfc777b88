using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Presentation;

namespace Helpdesk.Web.Models;

public sealed class TicketViewModel
{
    public required Ticket Ticket { get; init; }

    public required Lookups Lookups { get; init; }

    public required TicketUpdateInput Input { get; init; }

    public IReadOnlyList<SlaClockView> Sla { get; init; } = [];

    /// <summary>The customers' HTML messages as shown, by message id (<see cref="ConversationPresenter"/>).</summary>
    public required IReadOnlyDictionary<long, MessageHtml> Html { get; init; }

    /// <summary>The banner's disruptions, which are also those the ticket can be linked to.</summary>
    public required IReadOnlyList<ActiveDisruption> ActiveDisruptions { get; init; }

    /// <summary>Set when the agent's submission lost a race: what they tried, shown beside the current state.</summary>
    public IReadOnlyList<string>? UnsavedChanges { get; init; }

    public string? Conflict { get; init; }

    public static TicketUpdateInput FormFor(Ticket ticket, string? body = null, MessageVisibility visibility = MessageVisibility.Public) => new()
    {
        Version = ticket.Version,
        Body = body,
        Visibility = visibility,
        Status = ticket.Status,
        Priority = ticket.Priority,
        AssigneeId = ticket.AssigneeId,
        GroupId = ticket.GroupId,
        CategoryId = ticket.CategoryId,
        Tags = string.Join(' ', ticket.TagNames),
    };
}
