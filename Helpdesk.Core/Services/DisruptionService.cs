using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Services;

/// <summary>A customer a disruption notice goes to.</summary>
public sealed record NoticeRecipient(int CustomerId, string Email, string? Name, string? Language = null);

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
    IDisruptionStore store, IHelpdeskStore tickets, TicketSaver saver, MailComposer mail, IOutboxStore outbox, INoticeLinks links, DisruptionNoticeOptions notices, TimeProvider time, IWebhookPublisher? webhooks = null)
{
    /// <summary>A held notice this close to going is left alone (a dispatcher may be about to take it).</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    public Task<Disruption> DeclareAsync(
        string title, string message, bool everyone, IEnumerable<int> categoryIds, IEnumerable<int> organizationIds, CancellationToken ct = default) =>
        DeclareAsync(title, message, everyone, categoryIds, organizationIds, [], degraded: false, ct);

    /// <summary>Declares a disruption touching whom it says, naming the services it takes down (or only degrades).</summary>
    public async Task<Disruption> DeclareAsync(
        string title, string message, bool everyone, IEnumerable<int> categoryIds, IEnumerable<int> organizationIds,
        IEnumerable<int> serviceIds, bool degraded, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var disruption = new Disruption(title, everyone, categoryIds, organizationIds, now);
        disruption.AffectServices(serviceIds, degraded);
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
                await store.SaveChangesAsync(ct); // its id, which its notices carry
                await NotifyAsync(disruption, update, recipients, ct);
                await PublishAsync(Webhooks.WebhookEvents.DisruptionDeclared, disruption, update, ct);
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

        await NotifyAsync(disruption, update, await store.RecipientsAsync(disruption, ct), ct);
        if (!disruption.IsActive)
        {
            // Clocks paused for the disruption run again from its end, in the same transaction.
            foreach (var ticket in await store.OngoingTicketsAsync(id, ct))
            {
                ticket.DisruptionEnded(disruption);
            }
        }

        await PublishAsync(disruption.IsActive ? Webhooks.WebhookEvents.DisruptionUpdated : Webhooks.WebhookEvents.DisruptionResolved, disruption, update, ct);
        await saver.SaveAsync(now, $"disruption #{id} {(disruption.IsActive ? "reopened" : "resolved")}", ct);
        return update;
    }

    private Task PublishAsync(Webhooks.WebhookEvents e, Disruption disruption, DisruptionUpdate update, CancellationToken ct) =>
        webhooks?.PublishAsync(e, null, new
        {
            disruption = new
            {
                id = disruption.Id, title = disruption.Title, status = Webhooks.WebhookTicket.Word(disruption.Status.ToString()), everyone = disruption.Everyone,
                categoryIds = disruption.CategoryIds, organizationIds = disruption.OrganizationIds, serviceIds = disruption.ServiceIds, degraded = disruption.Degraded,
                startedAt = disruption.StartedAt, endedAt = disruption.EndedAt,
            },
            update = new { status = Webhooks.WebhookTicket.Word(update.Status.ToString()), message = update.Message, at = update.At },
        }, update.At, ct) ?? Task.CompletedTask;

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

    /// <summary>
    /// Queues the update's notice to each recipient. A customer told of this disruption within the notice window gets
    /// the next notice at the window's end, saying every update since; later updates before then are merged into it.
    /// </summary>
    private async Task NotifyAsync(Disruption disruption, DisruptionUpdate update, IReadOnlyList<NoticeRecipient> recipients, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var window = notices.Window;
        var recent = window > TimeSpan.Zero
            ? (await outbox.NoticesAsync(disruption.Id, now - window, ct)).ToLookup(m => m.To, StringComparer.OrdinalIgnoreCase)
            : null;
        foreach (var recipient in recipients)
        {
            store.Add(new DisruptionNotice(update, recipient.CustomerId));
            var optOut = links.OptOut(recipient.CustomerId);
            var mine = recent?[recipient.Email].ToList() ?? [];
            if (mine.FirstOrDefault(m => m.IsHeldPast(now + Margin)) is { } held)
            {
                mail.MergeNotice(held, recipient.Name, optOut, disruption, UpdatesSince(disruption, update, Told(mine.Where(m => m != held))), recipient.Language);
                continue;
            }

            var told = Told(mine);
            var message = mail.QueueNotice(recipient.Email, recipient.Name, optOut, links.OneClick(recipient.CustomerId), disruption, told is null ? [update] : UpdatesSince(disruption, update, told), recipient.Language);
            if (told is { } last && last + window > now)
            {
                message.Hold(last + window);
            }
        }

        update.Counted(recipients.Count);
    }

    /// <summary>When the customer was last told (a notice sent, or queued and due to go), within the window.</summary>
    private static DateTimeOffset? Told(IEnumerable<OutboxMessage> notices) =>
        notices.Select(m => m.SentAt ?? (m.State == OutboxState.Queued ? m.NextAttemptAt : (DateTimeOffset?)null)).Max();

    /// <summary>The updates the customer has not been told of: those after <paramref name="told"/>, and this one.</summary>
    private static List<DisruptionUpdate> UpdatesSince(Disruption disruption, DisruptionUpdate current, DateTimeOffset? told) =>
        [.. disruption.Updates.Where(u => u == current || told is null || u.At > told).OrderBy(u => u.At)];
}

/// <summary>How disruption notices are paced: one customer is told at most once per <see cref="Window"/>; updates in between are merged.</summary>
public sealed record DisruptionNoticeOptions(TimeSpan Window)
{
    public static DisruptionNoticeOptions Default { get; } = new(TimeSpan.FromMinutes(10));
}
