using Helpdesk.Core.Mail;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Sends the outbox's due messages, a batch per run.</summary>
[DisallowConcurrentExecution]
public sealed class DispatchOutboxJob(OutboxService outbox, ILogger<DispatchOutboxJob> logger) : IJob
{
    public const int BatchSize = 100;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var sent = await outbox.DispatchAsync(BatchSize, cancellationToken);
        if (sent > 0)
        {
            logger.LogInformation("Outbox: sent {Count} message(s)", sent);
        }

        context.Result = JobRunReport.Succeeded(sent == 0 ? "nothing to send" : $"{sent} sent").With("sent", sent);
    }
}
