using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Sla;

/// <summary>Applies the SLA engine to a ticket inside the caller's unit of work.</summary>
public sealed class SlaService(ISlaStore store)
{
    public async Task ApplyAsync(Ticket ticket, DateTimeOffset now, string cause, CancellationToken ct = default)
    {
        var setup = await store.SetupAsync(ct);
        SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, setup.Policies), setup.Calendar, now, cause);
    }
}
