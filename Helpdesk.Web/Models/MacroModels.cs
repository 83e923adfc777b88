using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class MacroListViewModel
{
    public required IReadOnlyList<Macro> Macros { get; init; }

    public required string ViewerId { get; init; }

    public bool Admin { get; init; }

    public required Lookups Lookups { get; init; }
}

public sealed class MacroFormViewModel
{
    public int? Id { get; init; }

    public required MacroInput Input { get; init; }

    public required Lookups Lookups { get; init; }

    public bool Admin { get; init; }
}
