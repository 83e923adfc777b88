using Helpdesk.Core.Ports;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The work that follows a commit, in one place for every store and service: what changed is noted as changes are
/// saved, and acted on once they are committed — at once without a transaction, at the transaction's commit with
/// one, never after a rollback or a failed save. Tickets changed: the queue's cached counts are dropped. Agents,
/// groups or categories changed: the cached lookups. Policies or calendars: the cached SLA setup. Mail queued (or
/// queued again): the outbox dispatcher is nudged to send it now rather than at its next run; webhook deliveries written: theirs. A ticket whose version
/// moved: the live feed tells the open pages (who changed it and what, from its new audit entries).
/// </summary>
public sealed class AfterCommit(QueryCache cache, IOutboxNudge outbox, ILiveFeed live, Webhooks.WebhookNudge? webhooks = null) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    [Flags]
    private enum Changes
    {
        None = 0,
        Tickets = 1,
        ReferenceData = 2,
        Sla = 4,
        Outbox = 8,
        Webhooks = 16,
    }

    /// <summary>Per context: what its saves so far changed (committed or not), and what the save in progress changes.</summary>
    private sealed class Pending
    {
        public Changes Saved;
        public Changes Saving;
        public List<(Ticket Ticket, string? ById, string? By, string What)> SavedTickets = [];
        public List<(Ticket Ticket, string? ById, string? By, string What)> SavingTickets = [];
    }

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context, savingOnly: true);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, savingOnly: true);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Act(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Act(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context, savingOnly: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context, savingOnly: false);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var changes = Changes.None;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            changes |= entry.Entity switch
            {
                Ticket => Changes.Tickets,
                Agent or Group or Category => Changes.ReferenceData,
                SlaPolicy or SlaCalendar or SlaTarget or SlaLevelAction => Changes.Sla,
                OutboxMessage { State: OutboxState.Queued, Attempts: 0 } => Changes.Outbox, // new, or queued again by hand
                Helpdesk.Core.Webhooks.WebhookDelivery { State: Helpdesk.Core.Webhooks.WebhookDeliveryState.Pending, Attempts: 0 } => Changes.Webhooks,
                _ => Changes.None,
            };
        }

        var pending = _pending.GetOrCreateValue(context);
        pending.Saving = changes;
        pending.SavingTickets = changes.HasFlag(Changes.Tickets) ? ChangedTickets(context) : [];
    }

    /// <summary>The tickets whose version this save moves (new ones too), with who changed them and what, in words.</summary>
    private static List<(Ticket, string?, string?, string)> ChangedTickets(DbContext context)
    {
        var audits = context.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var changed = new List<(Ticket, string?, string?, string)>();
        foreach (var entry in context.ChangeTracker.Entries<Ticket>())
        {
            if (entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && entry.Property(t => t.Version).OriginalValue != entry.Entity.Version))
            {
                var own = audits.Where(a => ReferenceEquals(a.Ticket, entry.Entity)).ToList();
                var what = string.Join('\n', own.Select(a => a.Field switch
                {
                    "Reply" => LiveChange.Replied,
                    "Note" => LiveChange.Noted,
                    "Customer message" => LiveChange.Wrote,
                    "Ticket" => LiveChange.Opened,
                    "Status" => LiveChange.Status + a.NewValue,
                    _ => LiveChange.Field + a.Field,
                }).Distinct());
                // Who did it: the person whose change this was, not the system's follow-up in the same commit (an escalation).
                var by = own.LastOrDefault(a => a.ActorKind != ActorKind.System) ?? own.LastOrDefault();
                changed.Add((entry.Entity, by?.ActorId, by?.ActorName, what));
            }
        }

        return changed;
    }


    private void Saved(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        pending.Saved |= pending.Saving;
        pending.Saving = Changes.None;
        pending.SavedTickets.AddRange(pending.SavingTickets);
        pending.SavingTickets = [];
        if (context.Database.CurrentTransaction is null)
        {
            Act(context);
        }
    }

    private void Forget(DbContext? context, bool savingOnly)
    {
        if (context is not null && _pending.TryGetValue(context, out var pending))
        {
            pending.Saving = Changes.None;
            pending.SavingTickets = [];
            if (!savingOnly)
            {
                pending.Saved = Changes.None;
                pending.SavedTickets = [];
            }
        }
    }

    private void Act(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        var changes = pending.Saved;
        pending.Saved = Changes.None;
        var tickets = pending.SavedTickets;
        pending.SavedTickets = [];
        foreach (var (ticket, byId, by, what) in tickets.GroupBy(t => t.Ticket).Select(g => (g.Key, g.Last().ById, g.Last().By, string.Join('\n', g.SelectMany(x => x.What.Split('\n')).Where(w => w.Length > 0).Distinct()))))
        {
            live.Publish(new LiveEvent(LiveKind.TicketChanged, ticket.Number, ticket.Version, UserId: byId, Name: by, Detail: what.Length == 0 ? null : what));
        }
        if (changes.HasFlag(Changes.Tickets))
        {
            cache.TicketsChanged();
        }

        if (changes.HasFlag(Changes.ReferenceData))
        {
            cache.ReferenceDataChanged();
        }

        if (changes.HasFlag(Changes.Sla))
        {
            cache.SlaChanged();
        }

        if (changes.HasFlag(Changes.Outbox))
        {
            outbox.Nudge();
        }

        if (changes.HasFlag(Changes.Webhooks))
        {
            webhooks?.Nudge();
        }
    }
}
