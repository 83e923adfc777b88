using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class TicketQueries(HelpdeskDbContext db, QueryCache cache) : ITicketQueries
{
    /// <summary>Counting stops here: "10,000+ tickets" is as useful as an exact figure and costs a bounded scan.</summary>
    public const int CountCap = 10_000;

    /// <summary>A text search looks for at most this many matching requesters.</summary>
    public const int RequesterMatchCap = 500;

    public async Task<QueuePage> QueueAsync(QueueQuery query, string agentId, DateTimeOffset now, CancellationToken ct = default)
    {
        var tickets = db.Tickets.AsNoTracking();

        tickets = query.Status switch
        {
            QueueStatusFilter.All => tickets,
            QueueStatusFilter.Unsolved => tickets.Where(t => t.Status < TicketStatus.Solved),
            var s when QueueStatusFilter.ToStatus(s) is TicketStatus status => tickets.Where(t => t.Status == status),
            _ => tickets,
        };

        if (query.Priority is TicketPriority priority)
        {
            tickets = tickets.Where(t => t.Priority == priority);
        }

        tickets = query.Assignee switch
        {
            QueueAssigneeFilter.Anyone or "" => tickets,
            QueueAssigneeFilter.Me => tickets.Where(t => t.AssigneeId == agentId),
            QueueAssigneeFilter.Unassigned => tickets.Where(t => t.AssigneeId == null),
            var id => tickets.Where(t => t.AssigneeId == id),
        };

        if (query.GroupId is int groupId)
        {
            tickets = tickets.Where(t => t.GroupId == groupId);
        }

        tickets = query.Sla switch
        {
            QueueSlaFilter.Breached => tickets.Where(t => t.SlaDueAt <= now),
            QueueSlaFilter.AtRisk => tickets.Where(t => t.SlaDueAt > now && t.SlaWarnAt != null && t.SlaWarnAt <= now),
            _ => tickets,
        };

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            tickets = await ApplyTextAsync(tickets, query.Text.Trim(), ct);
        }

        var total = await tickets.Take(CountCap + 1).CountAsync(ct);
        var capped = total > CountCap;
        total = Math.Min(total, CountCap);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + query.PageSize - 1) / query.PageSize));
        var rows = await Sort(tickets, query.Sort, query.Descending)
            .Skip((page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(Row)
            .ToListAsync(ct);
        return new QueuePage(rows, total, page, query.PageSize) { TotalIsCapped = capped };
    }

    public async Task<QueueCounts> CountsAsync(string agentId, DateTimeOffset now, CancellationToken ct = default)
    {
        var byStatus = await cache.StatusCountsAsync(async () => await db.Tickets
            .GroupBy(t => t.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Status, x => x.Count, ct));
        var mine = await db.Tickets.CountAsync(t => t.AssigneeId == agentId && t.Status < TicketStatus.Solved, ct);
        var unassigned = await db.Tickets.CountAsync(t => t.AssigneeId == null && t.Status < TicketStatus.Solved, ct);
        // Both read the (SlaDueAt, Number) index: breached is a range below now, at risk a range just above it.
        var breached = await db.Tickets.CountAsync(t => t.SlaDueAt <= now && t.Status < TicketStatus.Solved, ct);
        var atRisk = await db.Tickets.CountAsync(t => t.SlaDueAt > now && t.SlaDueAt < SlaEngine.NoDeadline && t.SlaWarnAt != null && t.SlaWarnAt <= now, ct);
        return new QueueCounts(mine, unassigned, byStatus) { AtRisk = atRisk, Breached = breached };
    }

    public Task<Ticket?> GetTicketAsync(int number, CancellationToken ct = default) =>
        db.Tickets.AsNoTracking()
            .Include(t => t.Requester).ThenInclude(c => c.Organization)
            .Include(t => t.Assignee)
            .Include(t => t.Group)
            .Include(t => t.Category)
            .Include(t => t.Tags)
            .Include(t => t.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)).ThenInclude(m => m.Attachments)
            .Include(t => t.AuditTrail.OrderByDescending(a => a.At).ThenByDescending(a => a.Id))
            .Include(t => t.SlaClocks.OrderBy(c => c.Metric).ThenBy(c => c.Cycle))
            .Include(t => t.SlaEvents.OrderBy(e => e.At).ThenBy(e => e.Id))
            .AsSplitQuery()
            .FirstOrDefaultAsync(t => t.Number == number, ct);

    public Task<bool> ExistsAsync(int number, CancellationToken ct = default) => db.Tickets.AnyAsync(t => t.Number == number, ct);

    public Task<Lookups> LookupsAsync(CancellationToken ct = default) => cache.LookupsAsync(() => LoadLookupsAsync(ct));

    private async Task<Lookups> LoadLookupsAsync(CancellationToken ct)
    {
        var agents = await db.Agents.AsNoTracking().Where(a => a.IsActive).OrderBy(a => a.DisplayName).ToListAsync(ct);
        var groups = await db.Groups.AsNoTracking().OrderBy(g => g.Name).ToListAsync(ct);
        var categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);
        return new Lookups(agents, groups, categories);
    }

    public Task<Attachment?> GetAttachmentAsync(int number, long attachmentId, CancellationToken ct = default) =>
        db.Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == attachmentId && a.Message.TicketNumber == number, ct);

    internal static readonly System.Linq.Expressions.Expression<Func<Ticket, QueueRow>> Row = t => new QueueRow(
        t.Number,
        t.Subject,
        t.Status,
        t.Priority,
        t.Requester.Name ?? t.Requester.Email,
        t.Requester.Email,
        t.Organization != null ? t.Organization.Name : null,
        t.Assignee != null ? t.Assignee.DisplayName : null,
        t.Group != null ? t.Group.Name : null,
        t.CreatedAt,
        t.UpdatedAt,
        t.SlaDueAt,
        t.SlaWarnAt,
        t.SlaMetric,
        t.SlaPolicyId);

    /// <summary>
    /// Matches the number, the subject, or the requester's name or email. Requesters are matched first on
    /// their own (small) table, so that the ticket side is one indexable condition per column rather than
    /// a join evaluated for every ticket; on PostgreSQL the trigram indexes serve the ILIKE.
    /// </summary>
    private async Task<IQueryable<Ticket>> ApplyTextAsync(IQueryable<Ticket> tickets, string text, CancellationToken ct)
    {
        var numberText = text.TrimStart('#');
        if (int.TryParse(numberText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return tickets.Where(t => t.Number == number);
        }

        var pattern = "%" + EscapeLike(text) + "%";
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var customers = postgres
            ? db.Customers.Where(c => EF.Functions.ILike(c.Email, pattern, "\\") || (c.Name != null && EF.Functions.ILike(c.Name, pattern, "\\")))
            : db.Customers.Where(c => EF.Functions.Like(c.Email, pattern, "\\") || (c.Name != null && EF.Functions.Like(c.Name, pattern, "\\")));
        var requesterIds = await customers.Select(c => c.Id).Take(RequesterMatchCap).ToListAsync(ct);

        // SQLite's LIKE ignores ASCII case already.
        return postgres
            ? tickets.Where(t => EF.Functions.ILike(t.Subject, pattern, "\\") || requesterIds.Contains(t.RequesterId))
            : tickets.Where(t => EF.Functions.Like(t.Subject, pattern, "\\") || requesterIds.Contains(t.RequesterId));
    }

    internal static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);

    private static IQueryable<Ticket> Sort(IQueryable<Ticket> tickets, QueueSort sort, bool descending) => (sort, descending) switch
    {
        (QueueSort.Created, false) => tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Number),
        (QueueSort.Created, true) => tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number),
        (QueueSort.Priority, false) => tickets.OrderBy(t => t.Priority).ThenBy(t => t.UpdatedAt).ThenBy(t => t.Number),
        (QueueSort.Priority, true) => tickets.OrderByDescending(t => t.Priority).ThenByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Number),
        (QueueSort.Number, false) => tickets.OrderBy(t => t.Number),
        (QueueSort.Number, true) => tickets.OrderByDescending(t => t.Number),
        (QueueSort.Subject, false) => tickets.OrderBy(t => t.Subject).ThenBy(t => t.Number),
        (QueueSort.Subject, true) => tickets.OrderByDescending(t => t.Subject).ThenByDescending(t => t.Number),
        (QueueSort.Status, false) => tickets.OrderBy(t => t.Status).ThenBy(t => t.UpdatedAt).ThenBy(t => t.Number),
        (QueueSort.Status, true) => tickets.OrderByDescending(t => t.Status).ThenByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Number),
        (QueueSort.Requester, false) => tickets.OrderBy(t => t.Requester.Email).ThenBy(t => t.Number),
        (QueueSort.Requester, true) => tickets.OrderByDescending(t => t.Requester.Email).ThenByDescending(t => t.Number),
        (QueueSort.Urgency, true) => tickets.OrderBy(t => t.SlaDueAt).ThenBy(t => t.Number),
        (QueueSort.Urgency, false) => tickets.OrderByDescending(t => t.SlaDueAt).ThenByDescending(t => t.Number),
        (_, false) => tickets.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Number),
        (_, true) => tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Number),
    };
}
