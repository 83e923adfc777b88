using Helpdesk.Core.Mail;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Fires the outbox dispatcher now when this node runs the scheduler; otherwise its schedule does.</summary>
public sealed class OutboxNudge(IServiceProvider services, ILogger<OutboxNudge> logger) : IOutboxNudge
{
    public void Nudge()
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var scheduler = await factory.GetScheduler();
                if (scheduler.Status == SchedulerStatus.Running)
                {
                    await scheduler.TriggerJob(JobsServices.DispatchOutbox, new JobDataMap());
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The regular schedule sends it a few seconds later.
                logger.LogDebug(ex, "Outbox nudge failed");
            }
        });
    }
}
