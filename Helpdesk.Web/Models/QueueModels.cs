using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Web.Presentation;

namespace Helpdesk.Web.Models;

public sealed class QueueViewModel
{
    /// <summary>The macros the viewer may apply, for the bulk form.</summary>
    public IReadOnlyList<NamedOption> Macros { get; init; } = [];

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
