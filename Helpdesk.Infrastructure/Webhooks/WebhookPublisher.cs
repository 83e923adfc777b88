using System.Text.Json;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Webhooks;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Webhooks;

/// <summary>
/// Adds the deliveries of an event to the unit of work in progress (the same context, so the same commit). The active
/// webhooks are read once per unit of work: a sweep that escalates many tickets reads them once.
/// </summary>
public sealed class WebhookPublisher(HelpdeskDbContext db) : IWebhookPublisher
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private List<(int Id, WebhookEvents Events)>? _hooks;

    public async Task PublishAsync(WebhookEvents e, Ticket? ticket, object data, DateTimeOffset at, CancellationToken ct = default)
    {
        _hooks ??= (await db.Webhooks.AsNoTracking().Where(w => w.IsActive).Select(w => new { w.Id, w.Events }).ToListAsync(ct))
            .Select(w => (w.Id, w.Events)).ToList();
        var wanting = _hooks.Where(h => (h.Events & e) == e).ToList();
        if (wanting.Count == 0)
        {
            return;
        }

        var eventId = Guid.NewGuid();
        var json = JsonSerializer.Serialize(data, Json);
        foreach (var (id, _) in wanting)
        {
            db.WebhookDeliveries.Add(new WebhookDelivery(id, eventId, WebhookEventNames.Name(e), ticket, json, at));
        }
    }

    /// <summary>Forgets the webhooks read (after an admin changed them in this unit of work).</summary>
    public void Reset() => _hooks = null;
}
