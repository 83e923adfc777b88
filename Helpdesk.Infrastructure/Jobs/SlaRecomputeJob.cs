using Hangfire;
using Helpdesk.Infrastructure.Data;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Works through the open SLA recompute requests (after a calendar or policy change): on its schedule, and
/// queued at once by the change itself.</summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 1, 5, 15 })]
public sealed class SlaRecomputeJob(SlaRecomputeService recompute)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var tickets = await recompute.RunPendingAsync(cancellationToken);
        return tickets == 0 ? "nothing to recompute" : $"{tickets} ticket(s) recomputed";
    }
}
