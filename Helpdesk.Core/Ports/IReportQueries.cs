using Helpdesk.Core.Domain;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Ports;

/// <summary>The supervisor's reports, computed in the database (grouped queries over indexed columns).</summary>
public interface IReportQueries
{
    Task<Dashboard> DashboardAsync(ReportFilter filter, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The period's figures in brief, without the dashboard's per-day and present-moment parts.</summary>
    Task<ReportSummary> SummaryAsync(ReportFilter filter, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Every clock that breached in the period, newest first (at most <paramref name="limit"/>), streamed as read.</summary>
    IAsyncEnumerable<BreachRow> Breaches(ReportFilter filter, DateTimeOffset now, int limit, CancellationToken ct = default);

    /// <summary>The answers to the surveys sent in the period, latest answer first (at most <paramref name="limit"/>), streamed as read.</summary>
    IAsyncEnumerable<RatedTicket> Ratings(ReportFilter filter, int limit, CancellationToken ct = default);
}
