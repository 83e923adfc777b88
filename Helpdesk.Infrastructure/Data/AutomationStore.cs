using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class AutomationStore(HelpdeskDbContext db) : IAutomationStore
{
    public async Task<IReadOnlyList<Automation>> AllAsync(CancellationToken ct = default) =>
        await db.Set<Automation>().OrderBy(a => a.Position).ThenBy(a => a.Id).ToListAsync(ct);

    public Task<Automation?> FindAsync(int id, CancellationToken ct = default) => db.Set<Automation>().FirstOrDefaultAsync(a => a.Id == id, ct);

    public void Add(Automation automation) => db.Set<Automation>().Add(automation);

    public void Remove(Automation automation) => db.Set<Automation>().Remove(automation);

    public async Task<IReadOnlyList<(int Number, DateTimeOffset EventAt)>> CandidatesAsync(Automation automation, DateTimeOffset cutoff, int limit, CancellationToken ct = default)
    {
        // Each event on its index with the status first: IX_Tickets_Status_StatusChangedAt, _Status_CreatedAt, _Status_UpdatedAt.
        var tickets = db.Tickets.AsNoTracking().Where(t => t.Status == automation.Status && t.MergedInto == null);
        // Every condition in the query, so that what is read is what is due (or due but for business hours).
        if (automation.Priority is { } priority)
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }

        if (automation.GroupId is int group)
        {
            tickets = tickets.Where(t => t.GroupId == group);
        }

        if (automation.WithTag is { } with)
        {
            tickets = tickets.Where(t => t.Tags.Any(x => x.Name == with));
        }

        if (automation.WithoutTag is { } without)
        {
            tickets = tickets.Where(t => !t.Tags.Any(x => x.Name == without));
        }

        var runs = db.Set<AutomationRun>().Where(r => r.AutomationId == automation.Id);
        var rows = automation.Since switch
        {
            AutomationEvent.Created => tickets.Where(t => t.CreatedAt <= cutoff && !runs.Any(r => r.TicketNumber == t.Number && r.EventAt == t.CreatedAt))
                .OrderBy(t => t.CreatedAt).Select(t => new { t.Number, At = t.CreatedAt }),
            AutomationEvent.Updated => tickets.Where(t => t.UpdatedAt <= cutoff && !runs.Any(r => r.TicketNumber == t.Number && r.EventAt == t.UpdatedAt))
                .OrderBy(t => t.UpdatedAt).Select(t => new { t.Number, At = t.UpdatedAt }),
            _ => tickets.Where(t => t.StatusChangedAt <= cutoff && !runs.Any(r => r.TicketNumber == t.Number && r.EventAt == t.StatusChangedAt))
                .OrderBy(t => t.StatusChangedAt).Select(t => new { t.Number, At = t.StatusChangedAt!.Value }),
        };
        return [.. (await rows.Take(limit).ToListAsync(ct)).Select(r => (r.Number, r.At))];
    }

    public void Add(AutomationRun run) => db.Set<AutomationRun>().Add(run);

    public Task<bool> RanAsync(int automationId, int ticketNumber, DateTimeOffset eventAt, CancellationToken ct = default) =>
        db.Set<AutomationRun>().AnyAsync(r => r.AutomationId == automationId && r.TicketNumber == ticketNumber && r.EventAt == eventAt, ct);

    public async Task<IReadOnlyDictionary<int, int>> RunCountsAsync(DateTimeOffset since, CancellationToken ct = default) =>
        await db.Set<AutomationRun>().Where(r => r.RanAt >= since).GroupBy(r => r.AutomationId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
