using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class DisruptionsViewModel
{
    public required IReadOnlyList<Disruption> Disruptions { get; init; }

    public required Helpdesk.Core.Validation.DisruptionInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Categories { get; init; }

    public required IReadOnlyList<NamedOption> Organizations { get; init; }

    /// <summary>After "Preview": what declaring would do, shown above the button that does it.</summary>
    public Helpdesk.Core.Services.DisruptionPreview? Preview { get; init; }
}

public sealed class DisruptionViewModel
{
    public required Disruption Disruption { get; init; }

    public required Helpdesk.Core.Validation.DisruptionPostInput Input { get; init; }

    public required Helpdesk.Core.Validation.DisruptionFollowUpInput FollowUp { get; init; }

    public required Helpdesk.Core.Services.LinkedTickets Linked { get; init; }
}
