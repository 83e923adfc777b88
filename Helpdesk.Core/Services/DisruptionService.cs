using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Services;

/// <summary>A customer a disruption notice goes to.</summary>
public sealed record NoticeRecipient(int CustomerId, string Email, string? Name);

/// <summary>What declaring a disruption would do: the customers emailed (and a sample), the tickets linked.</summary>
public sealed record DisruptionPreview(int Customers, IReadOnlyList<NoticeRecipient> Sample, LinkedTickets Tickets);

public sealed record LinkedTicket(int Number, string Subject, TicketStatus Status, string Requester, string? Assignee);

public sealed record LinkedTickets(int Total, int Unsolved, IReadOnlyList<LinkedTicket> Shown);

public static class DisruptionLinks
{
    /// <summary>Links a new ticket to the first active disruption whose scope it is in; returns that disruption.</summary>
    public static async Task<Disruption?> LinkIfTouchedAsync(this IDisruptionStore store, Ticket ticket, DateTimeOffset now, CancellationToken ct = default)
    {
        var disruption = (await store.ActiveAsync(ct)).FirstOrDefault(d => d.Touches(ticket));
        if (disruption is not null)
        {
            ticket.LinkDisruption(disruption, Actor.System, now);
        }

        return disruption;
    }
}

/// <summary>
/// Supervisors declare, update and resolve disruptions; every post emails each touched customer once,
/// through the outbox, in the same transaction as the post.
/// </summary>
public sealed class DisruptionService(
    IDisruptionStore store, IHelpdeskStore tickets, TicketSaver saver, MailComposer mail, INoticeLinks links, TimeProvider time)
{
    public async Task<Disruption> DeclareAsync(
        string title, string message, bool everyone, IEnumerable<int> categoryIds, IEnumerable<int> organizationIds, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var disruption = new Disruption(title, everyone, categoryIds, organizationIds, now);
        var update = disruption.Post(DisruptionStatus.Investigating, message, now);
        var recipients = await store.RecipientsAsync(disruption, ct);
        if (recipients.Count == 0)
        {
            throw new DomainException("Nobody is in this scope: no customer has an unsolved ticket there or asked for notices.");
        }

        // The notices, and every unsolved ticket already in scope linked (its clocks paused where its policy says),
        // in one transaction: "reply to all linked" reaches the customers who were told.
        await store.InTransactionAsync(
            async () =>
            {
                store.Add(disruption);
                Notify(disruption, update, recipients);
                await store.SaveChangesAsync(ct);
                foreach (var ticket in await store.InScopeForChangeAsync(disruption, ct))
                {
                    ticket.LinkDisruption(disruption, Actor.System, now);
                }

                await saver.SaveAsync(now, $"linked to disruption #{disruption.Id} when it was declared", ct);
                return disruption;
            },
            ct);
        return disruption;
    }

    /// <summary>What declaring would do, before it is done: whom it would email, and which tickets it would link.</summary>
    public async Task<DisruptionPreview> PreviewAsync(
        string title, bool everyone, IEnumerable<int> categoryIds, IEnumerable<int> organizationIds, int sample, CancellationToken ct = default)
    {
        var disruption = new Disruption(title, everyone, categoryIds, organizationIds, time.GetUtcNow());
        var recipients = await store.RecipientsAsync(disruption, ct);
        return new DisruptionPreview(recipients.Count, [.. recipients.Take(sample)], await store.InScopeAsync(disruption, sample, ct));
    }

    public async Task<DisruptionUpdate> PostAsync(int id, DisruptionStatus status, string message, CancellationToken ct = default)
    {
        var disruption = await store.FindAsync(id, ct) ?? throw new NotFoundException("The disruption");
        var now = time.GetUtcNow();
        var wasActive = disruption.IsActive;
        var update = disruption.Post(status, message, now);
        if (!wasActive && disruption.IsActive)
        {
            // Reopened: its unsolved tickets are in it again, their clocks paused again where the policy says.
            foreach (var ticket in await store.UnsolvedTicketsAsync(id, ct))
            {
                ticket.DisruptionReopened(disruption);
            }
        }

        Notify(disruption, update, await store.RecipientsAsync(disruption, ct));
        if (!disruption.IsActive)
        {
            // Clocks paused for the disruption run again from its end, in the same transaction.
            foreach (var ticket in await store.OngoingTicketsAsync(id, ct))
            {
                ticket.DisruptionEnded(disruption);
            }
        }

        await saver.SaveAsync(now, $"disruption #{id} {(disruption.IsActive ? "reopened" : "resolved")}", ct);
        return update;
    }

    /// <summary>
    /// After the resolution, one reply from a supervisor to every unsolved linked ticket, optionally solving
    /// them: all in one transaction (every reply queued with it), with an audit entry on each ticket; once.
    /// </summary>
    public async Task<int> FollowUpAsync(int id, string message, bool solve, string agentId, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            throw new DomainException("Write the reply the customers will get.");
        }

        var disruption = await store.FindAsync(id, ct) ?? throw new NotFoundException("The disruption");
        disruption.EnsureFollowUpAllowed();
        var agent = await tickets.FindAgentAsync(agentId, ct) ?? throw new NotFoundException("The agent");
        var linked = await store.UnsolvedTicketsAsync(id, ct);
        if (linked.Count == 0)
        {
            throw new DomainException("No unsolved ticket is linked to this disruption.");
        }

        var now = time.GetUtcNow();
        foreach (var ticket in linked)
        {
            await mail.QueueReplyAsync(ticket, ticket.AnswerForDisruption(disruption, agent, message.Trim(), solve, now), ct);
        }

        disruption.FollowedUp(linked.Count, solve, now);
        await saver.SaveAsync(now, $"follow-up of disruption #{id} by {agent.DisplayName}", ct);
        return linked.Count;
    }

    private void Notify(Disruption disruption, DisruptionUpdate update, IReadOnlyList<NoticeRecipient> recipients)
    {
        foreach (var recipient in recipients)
        {
            store.Add(new DisruptionNotice(update, recipient.CustomerId));
            mail.QueueNotice(recipient.Email, recipient.Name, links.OptOut(recipient.CustomerId), links.OneClick(recipient.CustomerId), disruption, update);
        }

        update.Counted(recipients.Count);
    }
}
