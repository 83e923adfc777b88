using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Identity;
using Helpdesk.Web.Presentation;

namespace Helpdesk.Web.Models;

public sealed class LoginViewModel
{
    public LoginInput Input { get; set; } = new();
}

public sealed record ErrorViewModel(int StatusCode)
{
    public string Title => StatusCode switch
    {
        403 => "You don't have access to this page",
        404 => "Page not found",
        _ => "Something went wrong",
    };

    public string Message => StatusCode switch
    {
        403 => "Your role does not allow this. Ask an admin if you need access.",
        404 => "The page or record you asked for does not exist (any more).",
        _ => "The error has been logged. Try again, and tell an admin if it keeps happening.",
    };
}

public sealed class QueueViewModel
{
    public required QueueQuery Query { get; init; }

    public required QueuePage Page { get; init; }

    public required QueueCounts Counts { get; init; }

    public required Lookups Lookups { get; init; }

    public required SlaSetup Sla { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required IReadOnlyList<ActiveDisruption> ActiveDisruptions { get; init; }

    /// <summary>The address of a view: the current one changed with <c>with</c> (<c>Model.Link(Model.Query with { Page = 2 })</c>).</summary>
    public static string Link(QueueQuery query)
    {
        var values = new (string Name, string? Value)[]
        {
            ("q", query.Text),
            ("status", query.Status == QueueStatusFilter.Unsolved ? null : query.Status),
            ("priority", query.Priority?.ToString().ToLowerInvariant()),
            ("assignee", query.Assignee), // always: the bare address is the landing view, not "all"
            ("group", query.GroupId?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("sla", query.Sla),
            ("sort", query.Sort == ImpliedSort(query) ? null : query.Sort.ToString().ToLowerInvariant()),
            ("dir", query.Descending ? null : "asc"),
            ("page", query.Page == 1 ? null : query.Page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        var parts = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Name}={Uri.EscapeDataString(v.Value!)}");
        var text = string.Join('&', parts);
        return text.Length == 0 ? "/tickets" : "/tickets?" + text;
    }

    /// <summary>The current view on another page.</summary>
    public string PageLink(int page) => Link(Query with { Page = page });

    /// <summary>The link for a column header: sorts by it, flipping the direction when it is already the sort, from the first page.</summary>
    public string SortLink(QueueSort sort)
    {
        var descending = Query.Sort == sort ? !Query.Descending : sort is QueueSort.Urgency or QueueSort.Updated or QueueSort.Created or QueueSort.Priority;
        return Link(Query with { Sort = sort, Descending = descending, Page = 1 });
    }

    /// <summary>The order a view has when none is named: urgency, or relevance for a search (where urgency must then be named).</summary>
    private static QueueSort ImpliedSort(QueueQuery query) => query.Text is null ? QueueSort.Urgency : QueueSort.Relevance;

    public string? AriaSort(QueueSort sort) =>
        Query.Sort != sort ? null : Query.Descending ? "descending" : "ascending";
}

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

public sealed class NewTicketViewModel
{
    public required NewTicketInput Input { get; init; }

    public required Lookups Lookups { get; init; }
}

public sealed class CustomerListViewModel
{
    public required Paged<CustomerRow> Customers { get; init; }

    public string? Text { get; init; }
}

public sealed class CustomerViewModel
{
    public required Customer Customer { get; init; }

    public required Paged<QueueRow> Tickets { get; init; }
}

public sealed class CustomerFormViewModel
{
    public int? Id { get; init; }

    public required CustomerInput Input { get; init; }

    public required IReadOnlyList<Organization> Organizations { get; init; }
}

public sealed class OrganizationListViewModel
{
    public required Paged<OrganizationRow> Organizations { get; init; }

    public string? Text { get; init; }
}

public sealed class OrganizationViewModel
{
    public required Organization Organization { get; init; }

    public required IReadOnlyList<CustomerRow> Members { get; init; }

    public required Paged<QueueRow> Tickets { get; init; }
}

public sealed class OrganizationFormViewModel
{
    public int? Id { get; init; }

    public required OrganizationInput Input { get; init; }
}

public sealed class UserListViewModel
{
    public required IReadOnlyList<UserRow> Users { get; init; }
}

public sealed class NewUserViewModel
{
    public required NewUserInput Input { get; init; }

    public required IReadOnlyList<Group> Groups { get; init; }
}

public sealed class EditUserViewModel
{
    public required UserRow User { get; init; }

    public required EditUserInput Input { get; init; }

    public required IReadOnlyList<Group> Groups { get; init; }

    /// <summary>Active agents, who can take this login's tickets when it is deactivated.</summary>
    public required IReadOnlyList<Agent> Agents { get; init; }
}

public sealed class CalendarListViewModel
{
    public required IReadOnlyList<Helpdesk.Core.Sla.SlaCalendar> Calendars { get; init; }

    public required IReadOnlyList<Helpdesk.Core.Sla.SlaPolicy> Policies { get; init; }
}

public sealed class CalendarFormViewModel
{
    public int? Id { get; init; }

    public required CalendarInput Input { get; init; }

    public Helpdesk.Core.Sla.CalendarDefinition? Calendar { get; init; }

    public string? Start { get; set; }

    public int Minutes { get; set; } = 480;

    public string? From { get; set; }

    public string? To { get; set; }

    public string? DueResult { get; set; }

    public string? BetweenResult { get; set; }
}

public sealed class PolicyListViewModel
{
    public required IReadOnlyList<Helpdesk.Core.Sla.SlaPolicy> Policies { get; init; }
}

public sealed class PolicyFormViewModel
{
    public int? Id { get; init; }

    public required PolicyInput Input { get; init; }

    public required IReadOnlyList<Helpdesk.Core.Sla.SlaCalendar> Calendars { get; init; }

    public required IReadOnlyList<Organization> Organizations { get; init; }

    public required IReadOnlyList<Category> Categories { get; init; }

    public required IReadOnlyList<Agent> Agents { get; init; }

    public required IReadOnlyList<Group> Groups { get; init; }

    /// <summary>On the edit page: the clocks of unsolved tickets on this policy now (what deleting or deactivating moves).</summary>
    public int RunningClocks { get; set; }
}

/// <summary>A recurring job as the jobs page shows it: its schedule in words, and its last run's outcome.</summary>
public sealed record JobRow(string Id, string Name, string Schedule, DateTimeOffset? LastRun, string? LastState, string? LastResult, DateTimeOffset? NextRun, string? Error);

/// <summary>A job server (a node with jobs on) and when it last reported.</summary>
public sealed record JobServerRow(string Name, bool IsThisNode, int Workers, DateTimeOffset StartedAt, DateTimeOffset? Heartbeat);

/// <summary>A run that failed after its retries.</summary>
public sealed record FailedJobRow(string Id, string Job, DateTimeOffset? FailedAt, string Message);

public sealed class JobsViewModel
{
    /// <summary>False on a web-only node (<c>Jobs:Enabled=false</c>).</summary>
    public bool JobsOn { get; set; }

    /// <summary>Single-node SQLite storage, or PostgreSQL shared by the nodes.</summary>
    public string? Storage { get; set; }

    public List<JobServerRow> Servers { get; } = [];

    public List<JobRow> Jobs { get; } = [];

    public long FailedCount { get; set; }

    public List<FailedJobRow> Failed { get; } = [];

    public required Helpdesk.Infrastructure.Data.OutboxSummary Outbox { get; init; }
}

public sealed class MailAdminViewModel
{
    public required IReadOnlyList<Helpdesk.Infrastructure.Mail.Intake.MailboxOptions> Mailboxes { get; init; }

    public required IReadOnlyDictionary<string, Helpdesk.Infrastructure.Mail.MailboxState> States { get; init; }

    public required IReadOnlyList<Helpdesk.Core.Mail.InboundMessage> Messages { get; init; }

    public required IReadOnlyDictionary<Helpdesk.Core.Mail.InboundState, int> Counts { get; init; }

    public string? Filter { get; init; }
}

public sealed class DisruptionsViewModel
{
    public required IReadOnlyList<Disruption> Disruptions { get; init; }

    public required Helpdesk.Core.Validation.DisruptionInput Input { get; init; }

    public required IReadOnlyList<Category> Categories { get; init; }

    public required IReadOnlyList<Organization> Organizations { get; init; }

    /// <summary>After "Preview": what declaring would do, shown above the button that does it.</summary>
    public Helpdesk.Core.Services.DisruptionPreview? Preview { get; init; }
}

public sealed class DisruptionViewModel
{
    public required Disruption Disruption { get; init; }

    public required Helpdesk.Core.Validation.DisruptionPostInput Input { get; init; }

    public required Helpdesk.Core.Validation.DisruptionFollowUpInput FollowUp { get; init; }

    public required Helpdesk.Core.Services.LinkedTickets Linked { get; init; }
}

public sealed class ReportsViewModel
{
    public required Helpdesk.Core.Validation.ReportQueryInput Input { get; init; }

    /// <summary>The filter as query string parameters (for CSV links and the breach report).</summary>
    public required string Query { get; init; }

    public required Helpdesk.Core.Reports.ReportFilter Filter { get; init; }

    public Helpdesk.Core.Reports.Dashboard? Dashboard { get; init; }

    public IReadOnlyList<Helpdesk.Core.Reports.BreachRow>? Breaches { get; init; }

    public int BreachLimit { get; init; }

    public required Lookups Lookups { get; init; }

    public required IReadOnlyList<Organization> Organizations { get; init; }

    public required IReadOnlyList<Helpdesk.Core.Sla.SlaPolicy> Policies { get; init; }
}

/// <summary>The customer's survey page: the ticket it is about, and the answer being given.</summary>
public sealed class SatisfactionViewModel
{
    public required Helpdesk.Core.Services.SurveyView Survey { get; init; }

    public required Helpdesk.Core.Validation.SatisfactionInput Input { get; init; }
}
