using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class ReportsViewModel
{
    public required Helpdesk.Core.Validation.ReportQueryInput Input { get; init; }

    /// <summary>The filter as query string parameters (for CSV links and the breach report).</summary>
    public required string Query { get; init; }

    public required Helpdesk.Core.Reports.ReportFilter Filter { get; init; }

    public Helpdesk.Core.Reports.Dashboard? Dashboard { get; init; }

    public IReadOnlyList<Helpdesk.Core.Reports.BreachRow>? Breaches { get; init; }

    public int BreachLimit { get; init; }

    /// <summary>Each month the period touches, with every service's availability in it (for the organization filtered on, if any).</summary>
    public IReadOnlyList<(NodaTime.YearMonth Month, IReadOnlyList<Helpdesk.Core.Availability.ServiceMonth> Services)> Availability { get; init; } = [];

    public required Lookups Lookups { get; init; }

    public required IReadOnlyList<NamedOption> Organizations { get; init; }

    public required IReadOnlyList<NamedOption> Policies { get; init; }
}
