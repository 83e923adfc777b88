namespace Helpdesk.Core.Domain;

public enum TicketStatus
{
    New = 0,
    Open = 1,
    Pending = 2,
    OnHold = 3,
    Solved = 4,
    Closed = 5,
}

public enum TicketPriority
{
    Low = 0,
    Normal = 1,
    High = 2,
    Urgent = 3,
}

/// <summary>How the ticket reached us; SLA policies can match on it.</summary>
public enum TicketChannel
{
    Web = 0,
    Email = 1,
    Phone = 2,
}

public enum MessageVisibility
{
    /// <summary>A reply the customer sees.</summary>
    Public = 0,

    /// <summary>An internal note only agents see.</summary>
    Internal = 1,
}

public enum ActorKind
{
    System = 0,
    Agent = 1,
    Customer = 2,
}

public static class TicketStatusExtensions
{
    public static bool IsUnsolved(this TicketStatus status) => status < TicketStatus.Solved;

    public static string Label(this TicketStatus status) => status switch
    {
        TicketStatus.OnHold => "On hold",
        _ => status.ToString(),
    };

    /// <summary>The status as the customer reads it: our internal steps (new, on hold) are "open" to them.</summary>
    public static string CustomerLabel(this TicketStatus status) => status switch
    {
        TicketStatus.Pending => "Awaiting your reply",
        TicketStatus.Solved => "Solved",
        TicketStatus.Closed => "Closed",
        _ => "Open",
    };
}

/// <summary>The customer's answer to the satisfaction survey of a solved ticket.</summary>
public enum SatisfactionRating
{
    Good = 1,
    Bad = 2,
}
