using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// After a commit that queued mail: a run of the outbox dispatcher, queued now for whichever node runs jobs (this one
/// or another, a web-only node too), rather than waiting for its schedule.
/// </summary>
public sealed class OutboxNudge(IServiceProvider services, ILogger<OutboxNudge> logger) : IOutboxNudge
{
    public void Nudge() => JobQueue.Soon<DispatchOutboxJob>(services, j => j.RunAsync(CancellationToken.None), logger);
}
