using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class DisruptionStore(HelpdeskDbContext db) : IDisruptionStore
{
    public void Add(Disruption disruption) => db.Set<Disruption>().Add(disruption);

    public void Add(DisruptionNotice notice) => db.Set<DisruptionNotice>().Add(notice);

    public Task<Disruption?> FindAsync(int id, CancellationToken ct = default) =>
        db.Set<Disruption>().Include(d => d.Updates).FirstOrDefaultAsync(d => d.Id == id, ct);

    public async Task<IReadOnlyList<NoticeRecipient>> RecipientsAsync(Disruption disruption, CancellationToken ct = default)
    {
        // One grouped query in the database: customers with unsolved tickets in scope, and opted-in contacts.
        var organizations = disruption.OrganizationIds;
        var everyone = disruption.Everyone;
        var withTickets = UnsolvedInScope(disruption).Select(t => t.RequesterId);
        var contacts = db.Customers.Where(c => c.NoticesOptIn && (everyone || (c.OrganizationId != null && organizations.Contains(c.OrganizationId.Value))))
            .Select(c => c.Id);
        return await db.Customers
            .Where(c => !c.NoticesOptOut && (withTickets.Contains(c.Id) || contacts.Contains(c.Id)))
            .OrderBy(c => c.Id)
            .Select(c => new NoticeRecipient(c.Id, c.Email, c.Name, c.Language ?? (c.Organization != null ? c.Organization.Language : null)))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<Disruption>> ActiveAsync(CancellationToken ct = default) =>
        await db.Set<Disruption>().AsNoTracking().Include(d => d.Updates)
            .Where(d => d.Status != DisruptionStatus.Resolved).OrderBy(d => d.StartedAt).ToListAsync(ct);

    public async Task<IReadOnlyList<Disruption>> SinceAsync(DateTimeOffset since, CancellationToken ct = default, DateTimeOffset? until = null) =>
        await db.Set<Disruption>().AsNoTracking()
            .Where(d => d.EndedAt == null || d.EndedAt >= since)
            .Where(d => until == null || d.StartedAt < until)
            .ToListAsync(ct);

    public async Task<IReadOnlyList<Disruption>> RecentAsync(DateTimeOffset since, CancellationToken ct = default, bool everyoneOnly = false) =>
        await db.Set<Disruption>().AsNoTracking().Include(d => d.Updates)
            .Where(d => d.Status != DisruptionStatus.Resolved || d.EndedAt >= since)
            .Where(d => !everyoneOnly || d.Everyone)
            .OrderByDescending(d => d.StartedAt).Take(50).ToListAsync(ct);

    public async Task<IReadOnlyList<Ticket>> OngoingTicketsAsync(int disruptionId, CancellationToken ct = default) =>
        await db.TicketsForChange().Where(t => t.DisruptionId == disruptionId && t.DisruptionOngoing).OrderBy(t => t.Number).ToListAsync(ct);

    public async Task<IReadOnlyList<Ticket>> UnsolvedTicketsAsync(int disruptionId, CancellationToken ct = default) =>
        await db.TicketsForChange().Where(t => t.DisruptionId == disruptionId && t.Status < TicketStatus.Solved).OrderBy(t => t.Number).ToListAsync(ct);

    public async Task<LinkedTickets> LinkedAsync(int disruptionId, int take, CancellationToken ct = default)
    {
        var linked = db.Tickets.AsNoTracking().Where(t => t.DisruptionId == disruptionId);
        var counts = await linked.GroupBy(t => t.Status < TicketStatus.Solved).Select(g => new { Unsolved = g.Key, Count = g.Count() }).ToListAsync(ct);
        var rows = await linked.OrderByDescending(t => t.Status < TicketStatus.Solved).ThenBy(t => t.Number).Take(take)
            .Select(t => new LinkedTicket(t.Number, t.Subject, t.Status, t.Requester.Name ?? t.Requester.Email, t.Assignee != null ? t.Assignee.DisplayName : null))
            .ToListAsync(ct);
        return new LinkedTickets(
            counts.Sum(c => c.Count),
            counts.Where(c => c.Unsolved).Sum(c => c.Count),
            rows);
    }

    public async Task<LinkedTickets> InScopeAsync(Disruption disruption, int take, CancellationToken ct = default)
    {
        var free = UnsolvedInScope(disruption).AsNoTracking().Where(t => !t.DisruptionOngoing);
        var rows = await free.OrderBy(t => t.Number).Take(take)
            .Select(t => new LinkedTicket(t.Number, t.Subject, t.Status, t.Requester.Name ?? t.Requester.Email, t.Assignee != null ? t.Assignee.DisplayName : null))
            .ToListAsync(ct);
        var count = await free.CountAsync(ct);
        return new LinkedTickets(count, count, rows);
    }

    public async Task<IReadOnlyList<Ticket>> InScopeForChangeAsync(Disruption disruption, CancellationToken ct = default)
    {
        var numbers = UnsolvedInScope(disruption).Where(t => !t.DisruptionOngoing).Select(t => t.Number);
        return await db.TicketsForChange().Where(t => numbers.Contains(t.Number)).OrderBy(t => t.Number).ToListAsync(ct);
    }

    public async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var result = await work();
        await transaction.CommitAsync(ct);
        return result;
    }

    /// <summary>Unsolved tickets a disruption touches: all, or those of its categories or of its organizations.</summary>
    private IQueryable<Ticket> UnsolvedInScope(Disruption disruption)
    {
        var categories = disruption.CategoryIds;
        var organizations = disruption.OrganizationIds;
        var everyone = disruption.Everyone;
        return db.Tickets.Where(t => t.Status < TicketStatus.Solved
            && (everyone || (t.CategoryId != null && categories.Contains(t.CategoryId.Value)) || (t.OrganizationId != null && organizations.Contains(t.OrganizationId.Value))));
    }

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
