using Hangfire;
using Helpdesk.Core.Mail;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Sends the outbox's due messages, a batch per run. One run at a time across the nodes (a second waits for
/// the first); a failed run is retried three times, then shown as failed, while the schedule carries on.</summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 1, 5, 15 })]
public sealed class DispatchOutboxJob(OutboxDispatcher outbox, ILogger<DispatchOutboxJob> logger)
{
    public const int BatchSize = 100;

    /// <summary>Sends what is due; returns what it did, which the dashboard shows as the job's result.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var sent = await outbox.DispatchAsync(BatchSize, cancellationToken);
        if (sent > 0)
        {
            logger.LogInformation("Outbox: sent {Count} message(s)", sent);
        }

        return sent == 0 ? "nothing to send" : $"{sent} sent";
    }
}
