using Helpdesk.Core.Mail;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Sends the outbox's due messages, a batch per run.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchOutboxJob(OutboxService outbox, JobRuns runs, ILogger<DispatchOutboxJob> logger) : IJob
{
    public const int BatchSize = 100;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sent = await runs.RecordAsync(nameof(DispatchOutboxJob), () => outbox.DispatchAsync(BatchSize, cancellationToken), n => $"{n} sent");
        if (sent > 0)
        {
            logger.LogInformation("Outbox: sent {Count} message(s)", sent);
        }

        context.Result = sent;
    }
}
