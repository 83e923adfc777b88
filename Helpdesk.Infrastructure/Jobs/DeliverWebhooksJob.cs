using Hangfire;
using Helpdesk.Infrastructure.Webhooks;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Sends the webhooks' due deliveries, a batch per run (each claimed in the database, so nodes never both send one).</summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 1, 5, 15 })]
public sealed class DeliverWebhooksJob(WebhookDispatcher webhooks, ILogger<DeliverWebhooksJob> logger)
{
    public const int BatchSize = 50;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var delivered = await webhooks.DispatchAsync(BatchSize, cancellationToken);
        if (delivered > 0)
        {
            logger.LogInformation("Webhooks: delivered {Count}", delivered);
        }

        return delivered == 0 ? "nothing delivered" : $"{delivered} delivered";
    }
}
