using Helpdesk.Core.Domain;

namespace Helpdesk.Web.Presentation;

/// <summary>Small presentation helpers shared by the views.</summary>
public static class Ui
{
    public static string StatusBadge(TicketStatus status) => status switch
    {
        TicketStatus.New => "text-bg-warning",
        TicketStatus.Open => "text-bg-danger",
        TicketStatus.Pending => "text-bg-primary",
        TicketStatus.OnHold => "text-bg-dark",
        TicketStatus.Solved => "text-bg-secondary",
        _ => "text-bg-light border",
    };

    public static string PriorityBadge(TicketPriority priority) => priority switch
    {
        TicketPriority.Urgent => "text-bg-danger",
        TicketPriority.High => "text-bg-warning",
        TicketPriority.Normal => "text-bg-light border",
        _ => "text-bg-light border",
    };

    public static string FileSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
