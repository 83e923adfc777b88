using Helpdesk.Core.Domain;
using Helpdesk.Core.Webhooks;

namespace Helpdesk.Core.Ports;

/// <summary>
/// Records an event for the webhooks that want it: one delivery each, added to the unit of work of the change that
/// caused it, so that it commits (or not) with that change and is sent after the commit, never inside it.
/// </summary>
public interface IWebhookPublisher
{
    /// <param name="ticket">the ticket it is about (its number is added to <c>data.ticket</c> when sent), or null.</param>
    /// <param name="data">the event's data, serialized now (camelCase JSON).</param>
    Task PublishAsync(WebhookEvents e, Ticket? ticket, object data, DateTimeOffset at, CancellationToken ct = default);
}
