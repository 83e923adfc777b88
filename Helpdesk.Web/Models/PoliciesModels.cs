using Helpdesk.Web.Presentation;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

/// <summary>A policy in the list, in the order policies are tried: its conditions and first-response targets in words.</summary>
public sealed record PolicyRow(int Id, string Name, string Conditions, string Calendar, string FirstResponseTargets, bool IsActive, string? ShadowedBy)
{
    private static readonly TicketPriority[] MostUrgentFirst = [TicketPriority.Urgent, TicketPriority.High, TicketPriority.Normal, TicketPriority.Low];

    /// <param name="policy">The policy shown.</param>
    /// <param name="all">Every policy in order, to find one above that leaves this one nothing to match.</param>
    /// <param name="organizations">Organization names by id.</param>
    /// <param name="categories">Category names by id.</param>
    public static PolicyRow From(SlaPolicy policy, IReadOnlyList<SlaPolicy> all, IReadOnlyDictionary<int, string> organizations, IReadOnlyDictionary<int, string> categories)
    {
        static string Any(IEnumerable<string> values, string none) => values.Any() ? string.Join(", ", values) : none;
        var conditions = string.Join("; ",
            Words.T("priority {0}", Any(policy.Priorities.Select(p => Words.T(p.ToString())), Words.T("Any").ToLowerInvariant())),
            Words.T("channel {0}", Any(policy.Channels.Select(c => Words.T(c.ToString())), Words.T("Any").ToLowerInvariant())),
            Any(policy.OrganizationIds.Select(id => organizations.GetValueOrDefault(id) ?? Words.T("organization {0} (deleted)", id)), Words.T("any organization")),
            Any(policy.CategoryIds.Select(id => categories.GetValueOrDefault(id) ?? Words.T("category {0} (deleted)", id)), Words.T("any category")));
        return new PolicyRow(
            policy.Id,
            policy.Name,
            conditions,
            policy.Calendar.Name,
            string.Join(" / ", MostUrgentFirst.Select(p => policy.TargetMinutes(SlaMetric.FirstResponse, p) is int m ? SlaEngine.Format(m) : "—")),
            policy.IsActive,
            policy.IsActive ? policy.ShadowedBy(all)?.Name : null);
    }
}

public sealed class PolicyListViewModel
{
    public required IReadOnlyList<PolicyRow> Policies { get; init; }
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

    /// <summary>On a saved policy's page: the simulator's period and result.</summary>
    public SimulationViewModel? Simulation { get; set; }
}

/// <summary>A simulation on a policy's or calendar's page: the period asked for and, once run, what it found (decision 021).</summary>
public sealed class SimulationViewModel
{
    /// <summary>Where the draft form posts to simulate (the page's own form, so its unsaved changes are the draft).</summary>
    public required string Action { get; init; }

    public required Helpdesk.Core.Validation.SimulationPeriodInput Period { get; init; }

    public Helpdesk.Core.Sla.Simulation.SimulationResult? Result { get; init; }

    /// <summary>A name and value the simulate button posts, where the form needs one (the calendar's: which of its modes the draft is in).</summary>
    public (string Name, string Value)? Button { get; init; }
}
