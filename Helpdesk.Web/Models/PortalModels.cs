using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class PortalSignInViewModel
{
    public required PortalSignInInput Input { get; init; }

    public string? ReturnUrl { get; init; }

    /// <summary>After asking: the same words whether or not the address is known.</summary>
    public bool Asked { get; init; }
}

/// <summary>The page a link opens: a button that uses it (mail scanners open links; only a person presses it).</summary>
public sealed class PortalLinkViewModel
{
    public required string Token { get; init; }

    public string? ReturnUrl { get; init; }

    /// <summary>Set when the link could not be used: expired, used already, or never issued.</summary>
    public bool Refused { get; init; }
}

public sealed class PortalHomeViewModel
{
    public required string Name { get; init; }

    public required IReadOnlyList<PortalTicketRow> Tickets { get; init; }

    /// <summary>The customer's organization shares its tickets: the list has colleagues' requests too.</summary>
    public bool Shared { get; init; }

    public int Listed { get; init; }
}

/// <summary>A ticket as its customer sees it: public messages only, the SLA in words, what they can do now.</summary>
public sealed class PortalTicketViewModel
{
    public required int Number { get; init; }

    public required string Subject { get; init; }

    public required TicketStatus Status { get; init; }

    public required string Requester { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required IReadOnlyList<PortalMessage> Messages { get; init; }

    /// <summary>The ticket this request was merged into, where its conversation continues.</summary>
    public int? MergedInto { get; init; }

    /// <summary>The SLA in plain words ("First reply due by …", "Answered in 42 min, target 1 h").</summary>
    public required IReadOnlyList<string> Sla { get; init; }

    public required PortalReplyInput Reply { get; init; }

    public bool CanReply => Status != TicketStatus.Closed;

    public bool CanSolve => Status is not (TicketStatus.Solved or TicketStatus.Closed);

    public bool CanReopen => Status == TicketStatus.Solved;

    /// <summary>The requester may rate the ticket now (a survey is open for it).</summary>
    public bool CanRate { get; init; }

    public SatisfactionRating? Rating { get; init; }

    public string? RatingComment { get; init; }
}

public sealed record PortalMessage(long Id, string Author, bool FromUs, DateTimeOffset At, string Text, IReadOnlyList<AttachmentLink> Attachments);

public sealed class PortalNewTicketViewModel
{
    public required PortalTicketInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Categories { get; init; }
}
