using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

/// <summary>A service in the list: its target for everyone, the hours it is measured over, the organizations with their own.</summary>
public sealed record ServiceRow(int Id, string Name, string Target, string MeasuredOver, IReadOnlyList<string> OwnTargets, bool IsActive)
{
    public static ServiceRow From(Service service, IReadOnlyDictionary<int, string> calendars, IReadOnlyDictionary<int, string> organizations) => new(
        service.Id,
        service.Name,
        ServiceInput.Percent(service.TargetPercent) + " %",
        service.CalendarId is int calendar ? calendars.GetValueOrDefault(calendar) ?? Presentation.Words.T("a deleted calendar") : Presentation.Words.T("Around the clock").ToLowerInvariant(),
        [.. service.Targets.Select(t => $"{organizations.GetValueOrDefault(t.OrganizationId, $"organization #{t.OrganizationId}")}: {ServiceInput.Percent(t.Percent)} %").Order(StringComparer.CurrentCulture)],
        service.IsActive);
}

public sealed class ServiceListViewModel
{
    public required IReadOnlyList<ServiceRow> Services { get; init; }
}

public sealed class ServiceFormViewModel
{
    public int? Id { get; init; }

    public required ServiceInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Calendars { get; init; }

    public required IReadOnlyList<NamedOption> Organizations { get; init; }
}
