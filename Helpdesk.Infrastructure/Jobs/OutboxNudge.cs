using Hangfire;
using Helpdesk.Core.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// After a commit that queued mail: a run of the outbox dispatcher, queued now (on PostgreSQL any node with jobs on
/// takes it at once), rather than waiting for its schedule. Without a job server configured (jobs off here), nothing:
/// the nodes that run jobs send it on their schedule.
/// </summary>
public sealed class OutboxNudge(IServiceProvider services, ILogger<OutboxNudge> logger) : IOutboxNudge
{
    public void Nudge()
    {
        if (services.GetService<IBackgroundJobClient>() is not { } client)
        {
            return;
        }

        // Off the request's path: queuing is a write to the job storage.
        _ = Task.Run(() =>
        {
            try
            {
                client.Enqueue<DispatchOutboxJob>(j => j.RunAsync(CancellationToken.None));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The regular schedule sends it a few seconds later.
                logger.LogDebug(ex, "Outbox nudge failed");
            }
        });
    }
}
