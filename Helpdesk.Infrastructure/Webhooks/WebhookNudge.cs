using Helpdesk.Infrastructure.Jobs;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Webhooks;

/// <summary>After a commit that wrote deliveries: a run of the webhook dispatcher queued now, rather than at its schedule.</summary>
public sealed class WebhookNudge(IServiceProvider services, ILogger<WebhookNudge> logger)
{
    public void Nudge() => JobQueue.Soon<DeliverWebhooksJob>(services, j => j.RunAsync(CancellationToken.None), logger);
}
