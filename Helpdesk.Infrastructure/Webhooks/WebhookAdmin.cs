using System.Text.Json;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Validation;
using Helpdesk.Core.Webhooks;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Webhooks;

/// <summary>A webhook in the admin list: how its deliveries are going.</summary>
public sealed record WebhookRow(int Id, string Name, string Url, WebhookEvents Events, bool IsActive, int Pending, int Failed, DateTimeOffset? LastDeliveredAt);

/// <summary>The admin's side of webhooks: register, change, rotate the secret, delete, read deliveries, send again.</summary>
public sealed class WebhookAdmin(HelpdeskDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<WebhookRow>> ListAsync(CancellationToken ct = default) =>
        await db.Webhooks.AsNoTracking().OrderBy(w => w.Name).ThenBy(w => w.Id)
            .Select(w => new WebhookRow(
                w.Id, w.Name, w.Url, w.Events, w.IsActive,
                db.WebhookDeliveries.Count(d => d.WebhookId == w.Id && d.State == WebhookDeliveryState.Pending),
                db.WebhookDeliveries.Count(d => d.WebhookId == w.Id && d.State == WebhookDeliveryState.Failed),
                db.WebhookDeliveries.Where(d => d.WebhookId == w.Id && d.State == WebhookDeliveryState.Delivered).Max(d => d.DeliveredAt)))
            .ToListAsync(ct);

    public Task<Webhook?> FindAsync(int id, CancellationToken ct = default) => db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct);

    public async Task<Webhook> CreateAsync(WebhookInput input, CancellationToken ct = default)
    {
        var webhook = new Webhook(input.Name, input.Url, input.Flags, time.GetUtcNow());
        if (!input.IsActive)
        {
            webhook.Update(input.Name, input.Url, input.Flags, isActive: false);
        }

        db.Webhooks.Add(webhook);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    public async Task<Webhook> UpdateAsync(int id, WebhookInput input, CancellationToken ct = default)
    {
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("The webhook");
        webhook.Update(input.Name, input.Url, input.Flags, input.IsActive);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    public async Task RotateSecretAsync(int id, CancellationToken ct = default)
    {
        var webhook = await db.Webhooks.FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("The webhook");
        webhook.RotateSecret();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>How many deliveries a delete would remove with the webhook (its confirmation says so).</summary>
    public Task<int> DeliveryCountAsync(int id, CancellationToken ct = default) => db.WebhookDeliveries.CountAsync(d => d.WebhookId == id, ct);

    public async Task DeleteAsync(int id, CancellationToken ct = default) =>
        await db.Webhooks.Where(w => w.Id == id).ExecuteDeleteAsync(ct); // its deliveries go with it (cascade)

    /// <summary>The newest deliveries with an id below <paramref name="before"/>, the failed ones only if asked.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(int id, bool failedOnly, long? before, int take, CancellationToken ct = default)
    {
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.WebhookId == id);
        if (failedOnly)
        {
            deliveries = deliveries.Where(d => d.State == WebhookDeliveryState.Failed);
        }

        if (before is long b)
        {
            deliveries = deliveries.Where(d => d.Id < b);
        }

        return await deliveries.OrderByDescending(d => d.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>Sends a delivery again from now, with a fresh series of tries (a receiver deduplicates by the event's id).</summary>
    public async Task<bool> RedeliverAsync(int id, long deliveryId, CancellationToken ct = default)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == id, ct);
        if (delivery is null || (delivery.State == WebhookDeliveryState.Pending && delivery.Attempts == 0))
        {
            return false;
        }

        delivery.Redeliver(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>A "ping" to this webhook alone, to check the receiver and its signature check.</summary>
    public async Task PingAsync(int id, CancellationToken ct = default)
    {
        var webhook = await db.Webhooks.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw new NotFoundException("The webhook");
        var now = time.GetUtcNow();
        db.WebhookDeliveries.Add(new WebhookDelivery(webhook.Id, Guid.NewGuid(), "ping", null, JsonSerializer.Serialize(new { webhook = new { id = webhook.Id, name = webhook.Name } }, WebhookPublisher.Json), now));
        await db.SaveChangesAsync(ct);
    }
}
