using Helpdesk.Core.Validation;
using Helpdesk.Core.Webhooks;
using Helpdesk.Infrastructure.Webhooks;

namespace Helpdesk.Web.Models;

public sealed class WebhookListViewModel
{
    public required IReadOnlyList<WebhookRow> Webhooks { get; init; }
}

public sealed class WebhookViewModel
{
    /// <summary>Null for a new webhook.</summary>
    public Webhook? Webhook { get; init; }

    public required WebhookInput Input { get; init; }

    public IReadOnlyList<WebhookDelivery> Deliveries { get; init; } = [];

    public bool FailedOnly { get; init; }

    /// <summary>The cursor of the next (older) page of deliveries, if there is one.</summary>
    public long? Older { get; init; }

    public int DeliveryCount { get; init; }
}
