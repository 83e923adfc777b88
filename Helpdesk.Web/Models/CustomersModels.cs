using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class CustomerListViewModel
{
    public required Paged<CustomerRow> Customers { get; init; }

    public string? Text { get; init; }
}

public sealed class CustomerViewModel
{
    public required CustomerDetails Customer { get; init; }

    public required Paged<QueueRow> Tickets { get; init; }
}

public sealed class CustomerFormViewModel
{
    public int? Id { get; init; }

    public required CustomerInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Organizations { get; init; }
}
