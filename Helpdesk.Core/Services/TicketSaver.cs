using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Webhooks;

namespace Helpdesk.Core.Services;

/// <summary>
/// The one way changed tickets are committed. Before the commit, every ticket changed in the unit of work gets its SLA
/// clocks brought up to date (with the escalations and alerts that raises) and, when the change solved it for the first
/// time, its satisfaction survey queued, and the webhooks' deliveries of the change written; then everything commits as one. A write path that saves a changed ticket any
/// other way is refused by the database context, so no path can leave clocks behind a ticket.
/// </summary>
public sealed class TicketSaver(IHelpdeskStore store, SlaService sla, MailComposer mail, ISatisfactionLinks links, SatisfactionOptions surveys, IWebhookPublisher? webhooks = null)
{
    /// <summary>Brings the changed tickets' clocks up to date, with <paramref name="cause"/> in their timelines, and commits.</summary>
    public async Task SaveAsync(DateTimeOffset now, string cause, CancellationToken ct = default)
    {
        foreach (var ticket in store.ChangedTickets())
        {
            await sla.ApplyAsync(ticket, now, cause, ct);

            // After the engine: the survey records whether the SLA was met, so the clocks must have stopped.
            if (surveys.Enabled && ticket.OfferSurvey(now))
            {
                mail.QueueSurvey(ticket, links.Survey(ticket.Number, SatisfactionRating.Good), links.Survey(ticket.Number, SatisfactionRating.Bad), surveys.LinkValidity);
            }

            // The webhooks' deliveries, in the same commit as the change they report (sent after it, never inside it).
            if (webhooks is not null)
            {
                await webhooks.TicketChangedAsync(ticket, now, ct);
            }
        }

        await store.SaveChangesAsync(ct);
    }
}
