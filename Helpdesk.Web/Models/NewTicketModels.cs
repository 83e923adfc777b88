using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class NewTicketViewModel
{
    public required NewTicketInput Input { get; init; }

    public required Lookups Lookups { get; init; }
}
