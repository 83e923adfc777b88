using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Queues a run of a job now, off the caller's path (queuing writes to the job storage), for whichever node runs
/// jobs; where no job storage is configured, or queuing fails, the job's schedule does the work a little later.</summary>
public static class JobQueue
{
    public static void Soon<TJob>(IServiceProvider services, Expression<Func<TJob, Task>> run, ILogger logger)
    {
        if (services.GetService<IBackgroundJobClient>() is not { } client)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            try
            {
                client.Enqueue(run);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                logger.LogDebug(ex, "Queuing {Job} failed; its schedule runs it", typeof(TJob).Name);
            }
        });
    }
}
