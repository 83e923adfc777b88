using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Services;

/// <summary>Signed links in notices (made by the web layer, which can check them).</summary>
public interface INoticeLinks
{
    /// <summary>A link with which this customer stops disruption notices, without a login.</summary>
    string OptOut(int customerId);
}

/// <summary>A customer a disruption notice goes to.</summary>
public sealed record NoticeRecipient(int CustomerId, string Email, string? Name);

public interface IDisruptionStore
{
    void Add(Disruption disruption);

    void Add(DisruptionNotice notice);

    Task<Disruption?> FindAsync(int id, CancellationToken ct = default);

    /// <summary>
    /// The customers a disruption touches, once each: those with unsolved tickets in its scope, and the
    /// contacts of its organizations (or of all, when it touches everyone) who asked for notices; never those
    /// who opted out.
    /// </summary>
    Task<IReadOnlyList<NoticeRecipient>> RecipientsAsync(Disruption disruption, CancellationToken ct = default);

    /// <summary>The active disruptions with their updates (few; read for every new ticket).</summary>
    Task<IReadOnlyList<Disruption>> ActiveAsync(CancellationToken ct = default);

    /// <summary>Active disruptions, and those resolved since <paramref name="since"/>, newest first, with their updates.</summary>
    Task<IReadOnlyList<Disruption>> RecentAsync(DateTimeOffset since, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);
}

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
public sealed class DisruptionService(IDisruptionStore store, OutboxService outbox, IOutboxNudge nudge, INoticeLinks links, TimeProvider time)
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

        store.Add(disruption);
        Notify(disruption, update, recipients);
        await store.SaveChangesAsync(ct);
        nudge.Nudge();
        return disruption;
    }

    public async Task<DisruptionUpdate> PostAsync(int id, DisruptionStatus status, string message, CancellationToken ct = default)
    {
        var disruption = await store.FindAsync(id, ct) ?? throw new NotFoundException("The disruption");
        var update = disruption.Post(status, message, time.GetUtcNow());
        Notify(disruption, update, await store.RecipientsAsync(disruption, ct));
        await store.SaveChangesAsync(ct);
        nudge.Nudge();
        return update;
    }

    private void Notify(Disruption disruption, DisruptionUpdate update, IReadOnlyList<NoticeRecipient> recipients)
    {
        foreach (var recipient in recipients)
        {
            store.Add(new DisruptionNotice(update, recipient.CustomerId));
            outbox.QueueNotice(recipient.Email, recipient.Name, links.OptOut(recipient.CustomerId), disruption, update);
        }

        update.Counted(recipients.Count);
    }
}
