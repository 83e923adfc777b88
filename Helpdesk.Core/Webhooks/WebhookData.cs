using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Webhooks;

/// <summary>A ticket as a webhook tells it, at the moment of the event (its number is added when the delivery is sent).</summary>
public sealed record WebhookTicket(
    string Subject, string Status, string Priority, string Channel, string RequesterEmail, string? RequesterName, string? AssigneeId, int? GroupId, int? CategoryId,
    IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, DateTimeOffset? SlaDueAt)
{
    public static WebhookTicket Of(Ticket t) => new(
        t.Subject, Word(t.Status.ToString()), Word(t.Priority.ToString()), Word(t.Channel.ToString()), t.Requester.Email, t.Requester.Name, t.AssigneeId, t.GroupId,
        t.CategoryId, [.. t.TagNames], t.CreatedAt, t.UpdatedAt, t.Version, t.SlaDueAt >= SlaEngine.NoDeadline ? null : t.SlaDueAt);

    /// <summary>A name as the API and webhooks word it: "OnHold" is "on-hold".</summary>
    public static string Word(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>One change of a ticket.updated event, as its audit trail records it.</summary>
public sealed record WebhookChange(string Field, string? From, string? To, string By);

public static class WebhookPublishing
{
    /// <summary>
    /// The events of one saved change of a ticket: created (a new ticket), or updated with its changes, and solved when
    /// this change solved it.
    /// </summary>
    public static async Task TicketChangedAsync(this IWebhookPublisher webhooks, Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        var snapshot = WebhookTicket.Of(ticket);
        if (ticket.Number == 0)
        {
            await webhooks.PublishAsync(WebhookEvents.TicketCreated, ticket, new { ticket = snapshot }, now, ct);
            return;
        }

        var changes = ticket.AuditTrail.Where(a => a.Id == 0).Select(a => new WebhookChange(a.Field, a.OldValue, a.NewValue, a.ActorName)).ToList();
        await webhooks.PublishAsync(WebhookEvents.TicketUpdated, ticket, new { ticket = snapshot, changes }, now, ct);
        if (changes.Any(c => c.Field == "Status" && c.To == TicketStatus.Solved.Label()))
        {
            await webhooks.PublishAsync(WebhookEvents.TicketSolved, ticket, new { ticket = snapshot }, now, ct);
        }
    }
}
