using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class OrganizationListViewModel
{
    public required Paged<OrganizationRow> Organizations { get; init; }

    public string? Text { get; init; }
}

public sealed class OrganizationViewModel
{
    public required OrganizationDetails Organization { get; init; }

    public required IReadOnlyList<CustomerRow> Members { get; init; }

    public required Paged<QueueRow> Tickets { get; init; }
}

public sealed class OrganizationFormViewModel
{
    public int? Id { get; init; }

    public required OrganizationInput Input { get; init; }
}
