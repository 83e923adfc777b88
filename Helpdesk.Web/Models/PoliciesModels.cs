using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class PolicyListViewModel
{
    public required IReadOnlyList<Helpdesk.Core.Sla.SlaPolicy> Policies { get; init; }
}

public sealed class PolicyFormViewModel
{
    public int? Id { get; init; }

    public required PolicyInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Calendars { get; init; }

    public required IReadOnlyList<NamedOption> Organizations { get; init; }

    public required IReadOnlyList<NamedOption> Categories { get; init; }

    public required IReadOnlyList<AgentOption> Agents { get; init; }

    public required IReadOnlyList<NamedOption> Groups { get; init; }

    /// <summary>On the edit page: the clocks of unsolved tickets on this policy now (what deleting or deactivating moves).</summary>
    public int RunningClocks { get; set; }
}
