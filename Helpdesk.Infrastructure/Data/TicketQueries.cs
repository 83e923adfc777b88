using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class TicketQueries(HelpdeskDbContext db, QueryCache cache) : ITicketQueries
{
    /// <summary>Counting stops here: "10,000+ tickets" is as useful as an exact figure and costs a bounded scan.</summary>
    public const int CountCap = 10_000;

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

        IQueryable<Ticket> ordered;
        int total;
        var searchBroad = false;
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var (found, broad) = await SearchAsync(tickets, query.Text.Trim(), ct);
            searchBroad = broad;
            total = await found.Take(CountCap + 1).CountAsync(ct);
            ordered = query.Sort == QueueSort.Relevance
                ? found.OrderByDescending(f => f.Exact).ThenBy(f => f.Rank).ThenByDescending(f => f.Ticket.UpdatedAt).ThenByDescending(f => f.Ticket.Number).Select(f => f.Ticket)
                : Sort(found.Select(f => f.Ticket), query.Sort, query.Descending);
        }
        else
        {
            total = await tickets.Take(CountCap + 1).CountAsync(ct);
            ordered = Sort(tickets, query.Sort, query.Descending);
        }

        var capped = total > CountCap;
        total = Math.Min(total, CountCap);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + query.PageSize - 1) / query.PageSize));
        var rows = await ordered
            .Skip((page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(Row)
            .ToListAsync(ct);
        return new QueuePage(rows, total, page, query.PageSize) { TotalIsCapped = capped, SearchIsBroad = searchBroad };
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

    /// <summary>A ticket the text matched, with how well: <see cref="Exact"/> when its number, subject, requester or
    /// organization contains the text; <see cref="Rank"/> from the full-text index of its messages (lower is better, 0 when
    /// only the other fields matched).</summary>
    private sealed class Found
    {
        public required Ticket Ticket { get; init; }

        public bool Exact { get; init; }

        public double Rank { get; init; }
    }

    /// <summary>Up to this many messages matching a search are ranked; beyond it the words are too common for a rank to
    /// mean much (and ranking every message would cost what exists, not what is asked), so the newest
    /// <see cref="BroadSearchMessages"/> matching messages are taken unranked and the page says so.</summary>
    public const int RankedSearchMessages = 2_000;

    /// <inheritdoc cref="RankedSearchMessages"/>
    public const int BroadSearchMessages = 10_000;

    /// <summary>
    /// Matches the number, the subject, the requester's name or email, the organization's name (all as substrings), or
    /// every word of the text in one of the ticket's messages (full-text: FTS5 on SQLite, a tsvector index on PostgreSQL;
    /// docs/decisions/013-search.md). The matching tickets are found first, each way on its own index, and joined to
    /// the filtered queue by number, so that the cost follows the matches, not the size of the queue.
    /// </summary>
    private async Task<(IQueryable<Found> Found, bool Broad)> SearchAsync(IQueryable<Ticket> tickets, string text, CancellationToken ct)
    {
        var postgres = db.Provider == DatabaseProvider.Postgres;
        var words = postgres ? text : Fts5Query(text);
        var messages = postgres
            ? db.Database.SqlQuery<int>($"""
                SELECT count(*)::integer AS "Value" FROM (
                    SELECT 1 FROM "TicketMessages" AS m WHERE m."SearchVector" @@ websearch_to_tsquery('simple'::regconfig, {words}) LIMIT {RankedSearchMessages + 1}) AS x
                """)
            : db.Database.SqlQuery<int>($"""
                SELECT count(*) AS "Value" FROM (SELECT rowid FROM "MessageSearch" WHERE "MessageSearch" MATCH {words} LIMIT {RankedSearchMessages + 1}) AS x
                """);
        var broad = words.Length > 0 && await messages.SingleAsync(ct) > RankedSearchMessages;
        var hits = Matches(text, words, broad);
        return (from t in tickets
                join h in hits on t.Number equals h.Number
                select new Found { Ticket = t, Exact = h.Exact == 1, Rank = h.Rank }, broad);
    }

    /// <summary>Every ticket the text matches, once, with how: <see cref="SearchHit.Exact"/> 1 when the number, subject,
    /// requester or organization contains it; <see cref="SearchHit.Rank"/> the best of its messages' full-text ranks
    /// (lower is better; 0 without one, or when <paramref name="broad"/>). The text never reaches an index's query
    /// language: PostgreSQL's websearch parser takes any text, and for FTS5 every word becomes a quoted phrase.</summary>
    private IQueryable<SearchHit> Matches(string text, string words, bool broad) =>
        MessageMatches(words, broad).Concat(OtherMatches(text))
            .GroupBy(h => h.Number)
            .Select(g => new SearchHit { Number = g.Key, Rank = g.Min(h => h.Rank), Exact = g.Max(h => h.Exact) });

    /// <summary>Tickets with a message holding every word (<see cref="SearchHit.Exact"/> 0), each message once: ranked, or,
    /// when <paramref name="broad"/>, the newest <see cref="BroadSearchMessages"/> unranked.</summary>
    private IQueryable<SearchHit> MessageMatches(string words, bool broad) => (db.Provider, broad) switch
    {
        (DatabaseProvider.Postgres, false) => db.Set<SearchHit>().FromSql($"""
            SELECT m."TicketNumber" AS "Number", -ts_rank(m."SearchVector", q)::double precision AS "Rank", 0 AS "Exact"
            FROM "TicketMessages" AS m, websearch_to_tsquery('simple'::regconfig, {words}) AS q
            WHERE m."SearchVector" @@ q
            """),
        (DatabaseProvider.Postgres, true) => db.Set<SearchHit>().FromSql($"""
            SELECT x."TicketNumber" AS "Number", 0::double precision AS "Rank", 0 AS "Exact" FROM (
                SELECT m."TicketNumber" FROM "TicketMessages" AS m
                WHERE m."SearchVector" @@ websearch_to_tsquery('simple'::regconfig, {words})
                ORDER BY m."Id" DESC LIMIT {BroadSearchMessages}) AS x
            """),
        (_, false) => db.Set<SearchHit>().FromSql($"""
            SELECT m."TicketNumber" AS "Number", h.r AS "Rank", 0 AS "Exact"
            FROM (SELECT rowid AS id, rank AS r FROM "MessageSearch" WHERE "MessageSearch" MATCH {words}) AS h
            JOIN "TicketMessages" AS m ON m."Id" = h.id
            """),
        (_, true) => db.Set<SearchHit>().FromSql($"""
            SELECT m."TicketNumber" AS "Number", 0.0 AS "Rank", 0 AS "Exact"
            FROM (SELECT rowid AS id FROM "MessageSearch" WHERE "MessageSearch" MATCH {words} ORDER BY rowid DESC LIMIT {BroadSearchMessages}) AS h
            JOIN "TicketMessages" AS m ON m."Id" = h.id
            """),
    };

    /// <summary>Tickets whose number, subject, requester or organization holds the text (<see cref="SearchHit.Exact"/>
    /// 1), each branch on its own index: the primary key; the subject's trigram index (PostgreSQL's pg_trgm; on SQLite an
    /// FTS5 trigram table, where a quoted phrase matches any substring of three characters or more, a shorter text
    /// reading every subject); the customers' and organizations' tables, then the tickets' requester and organization
    /// indexes.</summary>
    private IQueryable<SearchHit> OtherMatches(string text)
    {
        var number = int.TryParse(text.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;
        var pattern = "%" + EscapeLike(text) + "%";
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return db.Set<SearchHit>().FromSql($"""
                SELECT t."Number", 0::double precision AS "Rank", 1 AS "Exact" FROM "Tickets" AS t WHERE t."Number" = {number}
                UNION ALL
                SELECT t."Number", 0, 1 FROM "Tickets" AS t WHERE t."Subject" ILIKE {pattern} ESCAPE '\'
                UNION ALL
                SELECT t."Number", 0, 1 FROM "Customers" AS cu JOIN "Tickets" AS t ON t."RequesterId" = cu."Id"
                WHERE cu."Email" ILIKE {pattern} ESCAPE '\' OR cu."Name" ILIKE {pattern} ESCAPE '\'
                UNION ALL
                SELECT t."Number", 0, 1 FROM "Organizations" AS o JOIN "Tickets" AS t ON t."OrganizationId" = o."Id"
                WHERE o."Name" ILIKE {pattern} ESCAPE '\'
                """);
        }

        // SQLite's LIKE ignores ASCII case already.
        var subject = text.Length >= 3 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : "\"\"";
        var shortPattern = text.Length < 3 ? pattern : null;
        return db.Set<SearchHit>().FromSql($"""
            SELECT t."Number", 0.0 AS "Rank", 1 AS "Exact" FROM "Tickets" AS t WHERE t."Number" = {number}
            UNION ALL
            SELECT rowid, 0.0, 1 FROM "SubjectSearch" WHERE "SubjectSearch" MATCH {subject}
            UNION ALL
            SELECT t."Number", 0.0, 1 FROM "Tickets" AS t WHERE {shortPattern} IS NOT NULL AND t."Subject" LIKE {shortPattern} ESCAPE '\'
            UNION ALL
            SELECT t."Number", 0.0, 1 FROM "Customers" AS cu JOIN "Tickets" AS t ON t."RequesterId" = cu."Id"
            WHERE cu."Email" LIKE {pattern} ESCAPE '\' OR cu."Name" LIKE {pattern} ESCAPE '\'
            UNION ALL
            SELECT t."Number", 0.0, 1 FROM "Organizations" AS o JOIN "Tickets" AS t ON t."OrganizationId" = o."Id"
            WHERE o."Name" LIKE {pattern} ESCAPE '\'
            """);
    }

    /// <summary>At most this many words of a search reach the full-text index (all must match).</summary>
    public const int MaxSearchWords = 12;

    /// <summary>The FTS5 query for a text: each word a quoted phrase (quotes doubled), all required. FTS5's operators
    /// (OR, NEAR, *, column filters) are never read from what was typed.</summary>
    internal static string Fts5Query(string text) =>
        string.Join(' ', text.Split((char[]?)null, MaxSearchWords + 1, StringSplitOptions.RemoveEmptyEntries)
            .Take(MaxSearchWords)
            .Select(word => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));

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

/// <summary>A ticket a search matched, and how (see <c>TicketQueries.Matches</c>). Read through <c>FromSql</c> only: it
/// has no table.</summary>
public sealed class SearchHit
{
    public int Number { get; init; }

    public double Rank { get; init; }

    /// <summary>1 when the number, subject, requester or organization matched, else 0.</summary>
    public int Exact { get; init; }
}
