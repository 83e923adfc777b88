using Helpdesk.Web.Presentation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

/// <summary>One posted update of a disruption, as the timeline shows it.</summary>
public sealed record DisruptionUpdateRow(DateTimeOffset At, DisruptionStatus Status, string Message);

/// <summary>The reply a supervisor sent to every linked ticket once the disruption was resolved.</summary>
public sealed record DisruptionFollowUp(DateTimeOffset At, int Tickets, bool Solved);

/// <summary>A disruption as the list, its page and the public status page show it; its updates newest first.</summary>
public sealed record DisruptionSummary(
    int Id,
    string Title,
    DisruptionStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    int NoticesQueued,
    IReadOnlyList<DisruptionUpdateRow> Updates,
    DisruptionFollowUp? FollowUp)
{
    public bool IsActive => Status != DisruptionStatus.Resolved;

    public static DisruptionSummary From(Disruption disruption) => new(
        disruption.Id,
        disruption.Title,
        disruption.Status,
        disruption.StartedAt,
        disruption.EndedAt,
        disruption.Updates.Sum(u => u.Notified),
        [.. disruption.Updates.OrderByDescending(u => u.At).Select(u => new DisruptionUpdateRow(u.At, u.Status, u.Message))],
        disruption.FollowUpAt is { } at ? new DisruptionFollowUp(at, disruption.FollowUpTickets, disruption.FollowUpSolved) : null);

    /// <summary>Whom a disruption touches, in words: everyone, or the categories and organizations it names.</summary>
    public static string Scope(Disruption disruption, IEnumerable<NamedOption> categories, IEnumerable<NamedOption> organizations)
    {
        if (disruption.Everyone)
        {
            return Words.T("everyone");
        }

        var categoryNames = categories.ToDictionary(c => c.Id, c => c.Name);
        var organizationNames = organizations.ToDictionary(o => o.Id, o => o.Name);
        var named = disruption.CategoryIds.Select(id => Words.T("category {0}", categoryNames.GetValueOrDefault(id) ?? Words.T("#{0} (deleted)", id)))
            .Concat(disruption.OrganizationIds.Select(id => organizationNames.GetValueOrDefault(id) ?? Words.T("organization #{0} (deleted)", id)))
            .ToList();
        return named.Count == 0 ? Words.T("nobody") : string.Join(", ", named);
    }
}

public sealed class DisruptionsViewModel
{
    public required IReadOnlyList<DisruptionSummary> Disruptions { get; init; }

    public required Helpdesk.Core.Validation.DisruptionInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Categories { get; init; }

    public required IReadOnlyList<NamedOption> Organizations { get; init; }

    /// <summary>The active services a disruption can name.</summary>
    public IReadOnlyList<NamedOption> Services { get; init; } = [];

    /// <summary>After "Preview": what declaring would do, shown above the button that does it.</summary>
    public Helpdesk.Core.Services.DisruptionPreview? Preview { get; init; }
}

public sealed class DisruptionViewModel
{
    public required DisruptionSummary Disruption { get; init; }

    /// <summary>Whom it touches, in words (<see cref="DisruptionSummary.Scope"/>).</summary>
    public required string Scope { get; init; }

    /// <summary>What it does to services, in words ("takes down Email, Billing portal"); null when it names none.</summary>
    public string? ServicesAffected { get; init; }

    public required Helpdesk.Core.Validation.DisruptionPostInput Input { get; init; }

    public required Helpdesk.Core.Validation.DisruptionFollowUpInput FollowUp { get; init; }

    public required Helpdesk.Core.Services.LinkedTickets Linked { get; init; }
}

/// <summary>The public status page: each service's record, then the disruptions declared for everyone.</summary>
public sealed class StatusViewModel
{
    public required IReadOnlyList<Helpdesk.Core.Availability.ServiceHistory> Services { get; init; }

    public required IReadOnlyList<DisruptionSummary> Disruptions { get; init; }
}
