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
        var tickets = Filtered(query, agentId, now);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            return await SearchPageAsync(tickets, query, ct);
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

    public async Task<IReadOnlyList<QueueRow>> BeforeAsync(QueueQuery query, string agentId, DateTimeOffset now, int? before, int take, CancellationToken ct = default)
    {
        var tickets = Filtered(query, agentId, now);
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            // The queue's search (numbers, subjects, requesters, organizations, message text), in the cursor's order.
            tickets = (await SearchAsync(tickets, query.Text.Trim(), ct)).Found.Select(f => f.Ticket);
        }

        if (before is int number)
        {
            tickets = tickets.Where(t => t.Number < number);
        }

        // Newest first by number: the key the cursor carries, so a page costs its own rows whatever came before it.
        return await tickets.OrderByDescending(t => t.Number).Take(take).Select(Row).ToListAsync(ct);
    }

    /// <summary>The queue's filters (status, priority, assignee, group, SLA state), before any text search or order.</summary>
    private IQueryable<Ticket> Filtered(QueueQuery query, string agentId, DateTimeOffset now)
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
            // A warning moment exists only beside a running clock's due moment: IX_Tickets_SlaWarnAt_SlaDueAt answers alone.
            QueueSlaFilter.AtRisk => tickets.Where(t => t.SlaWarnAt <= now && t.SlaDueAt > now),
            _ => tickets,
        };

        return tickets;
    }

    /// <summary>A page of a search: the matching tickets' numbers are read once, in the page's order (up to
    /// <see cref="CountCap"/> and one), which gives the count and the page together; then the page's rows by number. The
    /// matching is the costly part, so it is done once, not once for the count and again for the page.</summary>
    private async Task<QueuePage> SearchPageAsync(IQueryable<Ticket> tickets, QueueQuery query, CancellationToken ct)
    {
        var (found, broad) = await SearchAsync(tickets, query.Text!.Trim(), ct);
        var ordered = query.Sort == QueueSort.Relevance
            ? found.OrderByDescending(f => f.Exact).ThenBy(f => f.Rank).ThenByDescending(f => f.Ticket.UpdatedAt).ThenByDescending(f => f.Ticket.Number).Select(f => f.Ticket.Number)
            : Sort(found.Select(f => f.Ticket), query.Sort, query.Descending).Select(t => t.Number);
        var numbers = await ordered.Take(CountCap + 1).ToListAsync(ct);
        var capped = numbers.Count > CountCap;
        var total = Math.Min(numbers.Count, CountCap);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + query.PageSize - 1) / query.PageSize));
        var onPage = numbers.Skip((page - 1) * query.PageSize).Take(query.PageSize).ToList();
        var rows = onPage.Count == 0
            ? []
            : await db.Tickets.AsNoTracking().Where(t => onPage.Contains(t.Number)).Select(Row).ToListAsync(ct);
        var position = onPage.Select((number, i) => (number, i)).ToDictionary(x => x.number, x => x.i);
        rows.Sort((a, b) => position[a.Number].CompareTo(position[b.Number]));
        return new QueuePage(rows, total, page, query.PageSize) { TotalIsCapped = capped, SearchedNewestOnly = broad ? BroadSearchMessages : null };
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
        // Both from an index alone: IX_Tickets_SlaDueAt_Number_Status and IX_Tickets_SlaWarnAt_SlaDueAt (a warning moment
        // exists only beside a running clock's due moment, so "due ahead" needs no upper bound).
        var atRisk = await db.Tickets.CountAsync(t => t.SlaWarnAt <= now && t.SlaDueAt > now, ct);
        return new QueueCounts(mine, unassigned, byStatus) { AtRisk = atRisk, Breached = breached };
    }

    public Task<Ticket?> GetTicketAsync(int number, CancellationToken ct = default) =>
        db.Tickets.AsNoTracking()
            .Include(t => t.Requester).ThenInclude(c => c.Organization)
            .Include(t => t.Assignee)
            .Include(t => t.Group)
            .Include(t => t.Category)
            .Include(t => t.Tags)
            .Include(t => t.Cc)
            .Include(t => t.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)).ThenInclude(m => m.Attachments)
            .Include(t => t.AuditTrail.OrderByDescending(a => a.At).ThenByDescending(a => a.Id))
            .Include(t => t.SlaClocks.OrderBy(c => c.Metric).ThenBy(c => c.Cycle))
            .Include(t => t.SlaEvents.OrderBy(e => e.At).ThenBy(e => e.Id))
            .AsSplitQuery()
            .FirstOrDefaultAsync(t => t.Number == number, ct);

    public async Task<IReadOnlyList<QueueRow>> RequesterOpenTicketsAsync(int requesterId, int except, int take, CancellationToken ct = default) =>
        await db.Tickets.AsNoTracking()
            .Where(t => t.RequesterId == requesterId && t.Number != except && t.Status < TicketStatus.Solved) // IX_Tickets_RequesterId_CreatedAt
            .OrderByDescending(t => t.CreatedAt)
            .Take(take)
            .Select(Row)
            .ToListAsync(ct);

    public Task<bool> ExistsAsync(int number, CancellationToken ct = default) => db.Tickets.AnyAsync(t => t.Number == number, ct);

    public async Task<IReadOnlyList<QueueRow>> RowsAsync(IReadOnlyCollection<int> numbers, CancellationToken ct = default)
    {
        var rows = new List<QueueRow>(numbers.Count);
        foreach (var chunk in numbers.Distinct().Chunk(500))
        {
            rows.AddRange(await db.Tickets.AsNoTracking().Where(t => chunk.Contains(t.Number)).Select(Row).ToListAsync(ct));
        }

        return [.. rows.OrderBy(r => r.Number)];
    }

    public Task<Lookups> LookupsAsync(CancellationToken ct = default) => cache.LookupsAsync(() => LoadLookupsAsync(ct));

    private async Task<Lookups> LoadLookupsAsync(CancellationToken ct)
    {
        var agents = await db.Agents.Where(a => a.IsActive).OrderBy(a => a.DisplayName).Select(a => new AgentOption(a.Id, a.DisplayName, a.GroupId)).ToListAsync(ct);
        var groups = await db.Groups.OrderBy(g => g.Name).Select(g => new NamedOption(g.Id, g.Name)).ToListAsync(ct);
        var categories = await db.Categories.OrderBy(c => c.Name).Select(c => new NamedOption(c.Id, c.Name)).ToListAsync(ct);
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
        t.SlaPolicyId,
        t.Version);

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
    /// <see cref="BroadSearchMessages"/> matching messages are taken unranked and the page says so. Zendesk's search stops
    /// at 1,000 results too.</summary>
    public const int RankedSearchMessages = 1_000;

    /// <inheritdoc cref="RankedSearchMessages"/>
    public const int BroadSearchMessages = 1_000;

    /// <summary>
    /// Matches the number, the subject, the requester's name or email, the organization's name (all as substrings), or
    /// every word of the text in one of the ticket's messages (full-text: FTS5 on SQLite, a tsvector index on PostgreSQL;
    /// docs/decisions/013-search.md). The matches are found each way on its own index, so that the cost follows the
    /// matches, not the size of the queue.
    /// </summary>
    private async Task<(IQueryable<Found> Found, bool Broad)> SearchAsync(IQueryable<Ticket> tickets, string text, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            return await PostgresSearchAsync(tickets, text, ct);
        }

        if (db.Provider == DatabaseProvider.SqlServer)
        {
            return await SqlServerSearchAsync(tickets, text, ct);
        }

        var (messages, broad) = await SqliteMessageMatchesAsync(Fts5Query(text), ct);
        var hits = messages.Concat(SqliteOtherMatches(text))
            .GroupBy(h => h.Number)
            .Select(g => new SearchHit { Number = g.Key, Rank = g.Min(h => h.Rank), Exact = g.Max(h => h.Exact) });
        return (from t in tickets
                join h in hits on t.Number equals h.Number
                select new Found { Ticket = t, Exact = h.Exact == 1, Rank = h.Rank }, broad);
    }

    /// <summary>
    /// PostgreSQL: the messages' matches, the customers and the organizations are looked up first (each small, each on
    /// its own index), and the tickets are then read once, through one bitmap that ORs the primary key (message matches,
    /// the number), the subject's trigram index and the requester and organization indexes, with the queue's filters on
    /// the same rows. No union to group and join back: the cost follows the matching tickets.
    /// </summary>
    private async Task<(IQueryable<Found> Found, bool Broad)> PostgresSearchAsync(IQueryable<Ticket> tickets, string text, CancellationToken ct)
    {
        var (messages, broad) = await PostgresMessageMatchesAsync(text, ct);
        var inMessages = messages.Select(h => h.Number).Distinct().ToArray();
        var number = TicketNumber(text);
        var pattern = "%" + EscapeLike(text) + "%";
        var requesters = await db.Customers
            .Where(c => EF.Functions.ILike(c.Email, pattern, "\\") || (c.Name != null && EF.Functions.ILike(c.Name, pattern, "\\")))
            .Select(c => c.Id).ToArrayAsync(ct);
        var organizations = await db.Organizations
            .Where(o => EF.Functions.ILike(o.Name, pattern, "\\"))
            .Select(o => (int?)o.Id).ToArrayAsync(ct);

        var matching = tickets.Where(t =>
            inMessages.Contains(t.Number) || t.Number == number || EF.Functions.ILike(t.Subject, pattern, "\\")
            || requesters.Contains(t.RequesterId) || organizations.Contains(t.OrganizationId));
        if (broad || messages.Count == 0)
        {
            return (matching.Select(t => new Found
            {
                Ticket = t,
                Exact = t.Number == number || EF.Functions.ILike(t.Subject, pattern, "\\") || requesters.Contains(t.RequesterId) || organizations.Contains(t.OrganizationId),
                Rank = 0,
            }), broad);
        }

        // Each ticket's best message rank; the ranks came with the matches, so they are handed back as arrays.
        var numbers = messages.Select(h => h.Number).ToArray();
        var scores = messages.Select(h => h.Rank).ToArray();
        var ranks = db.Set<SearchHit>().FromSql($"""
            SELECT h."Number", min(h."Rank") AS "Rank", 0 AS "Exact" FROM unnest({numbers}, {scores}) AS h("Number", "Rank") GROUP BY h."Number"
            """);
        return (from t in matching
                join r in ranks on t.Number equals r.Number into rs
                from r in rs.DefaultIfEmpty()
                select new Found
                {
                    Ticket = t,
                    Exact = t.Number == number || EF.Functions.ILike(t.Subject, pattern, "\\") || requesters.Contains(t.RequesterId) || organizations.Contains(t.OrganizationId),
                    Rank = (double?)r!.Rank ?? 0,
                }, false);
    }

    /// <summary>
    /// SQL Server: every word of the text as a substring of one message (LIKE, case-insensitive under the default
    /// collation), the newest <see cref="BroadSearchMessages"/> such messages, unranked; the other fields as on the other
    /// databases. SQL Server's full-text search is an optional component (absent from its Linux container images), so
    /// this reads every message: fine for thousands of tickets, slow for a hundred thousand (docs/decisions/013-search.md).
    /// Customers, organizations and messages stay subqueries, never parameter lists (SQL Server takes at most 2,100).
    /// </summary>
    private async Task<(IQueryable<Found> Found, bool Broad)> SqlServerSearchAsync(IQueryable<Ticket> tickets, string text, CancellationToken ct)
    {
        var messages = db.Messages.AsQueryable();
        // Quotes group words on the other databases' indexes; here every word is a substring anyway.
        foreach (var word in text.Replace("\"", " ", StringComparison.Ordinal).Split((char[]?)null, MaxSearchWords + 1, StringSplitOptions.RemoveEmptyEntries).Take(MaxSearchWords))
        {
            var wordPattern = "%" + EscapeLike(word, brackets: true) + "%";
            messages = messages.Where(m => EF.Functions.Like(m.Body, wordPattern, "\\"));
        }

        var broad = await messages.Take(BroadSearchMessages + 1).CountAsync(ct) > BroadSearchMessages;
        var inMessages = messages.OrderByDescending(m => m.Id).Take(BroadSearchMessages).Select(m => m.TicketNumber);
        var number = TicketNumber(text);
        var pattern = "%" + EscapeLike(text, brackets: true) + "%";
        var requesters = db.Customers
            .Where(c => EF.Functions.Like(c.Email, pattern, "\\") || (c.Name != null && EF.Functions.Like(c.Name, pattern, "\\")))
            .Select(c => c.Id);
        var organizations = db.Organizations.Where(o => EF.Functions.Like(o.Name, pattern, "\\")).Select(o => (int?)o.Id);
        return (tickets
            .Where(t => inMessages.Contains(t.Number) || t.Number == number || EF.Functions.Like(t.Subject, pattern, "\\")
                || requesters.Contains(t.RequesterId) || organizations.Contains(t.OrganizationId))
            .Select(t => new Found
            {
                Ticket = t,
                Exact = t.Number == number || EF.Functions.Like(t.Subject, pattern, "\\") || requesters.Contains(t.RequesterId) || organizations.Contains(t.OrganizationId),
                Rank = 0,
            }), broad);
    }

    /// <summary>The ticket number a search names (<c>249</c> or <c>#249</c>), else -1, which no ticket has.</summary>
    private static int TicketNumber(string text) =>
        int.TryParse(text.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : -1;

    /// <summary>Tickets with a message holding every word, one row per message, read first: ranked by <c>ts_rank</c> when
    /// there are at most <see cref="RankedSearchMessages"/>, else the newest <see cref="BroadSearchMessages"/> unranked.
    /// PostgreSQL's websearch parser takes any text.</summary>
    /// <remarks>The newest matches of a broad search are looked for in a range of the newest message ids: the index of
    /// words and the primary key's range meet in one bitmap, so only matching messages in the range are read. The first
    /// range is sized from the first probe, whose rows come in the table's order (oldest first, as messages are only
    /// appended): if its matches spanned N ids, about as many newest ids hold as many matches. A range that holds too few
    /// is widened fourfold until it holds enough or is every message; what is found is always exactly the newest
    /// matches, the sizing only saves reading.</remarks>
    private async Task<(List<MessageHit> Hits, bool Broad)> PostgresMessageMatchesAsync(string text, CancellationToken ct)
    {
        var found = await db.Set<MessageHit>().FromSql($"""
            SELECT m."Id", m."TicketNumber" AS "Number", -ts_rank(m."SearchVector", q)::double precision AS "Rank"
            FROM "TicketMessages" AS m, websearch_to_tsquery('simple'::regconfig, {text}) AS q
            WHERE m."SearchVector" @@ q
            LIMIT {RankedSearchMessages + 1}
            """).ToListAsync(ct);
        if (found.Count <= RankedSearchMessages)
        {
            return (found, false);
        }

        var newest = await db.Messages.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        var range = Math.Max(2L * BroadSearchMessages, (found.Max(h => h.Id) - found.Min(h => h.Id)) * 5 / 4);
        while (true)
        {
            var after = range >= newest ? long.MinValue : newest - range;
            found = await db.Set<MessageHit>().FromSql($"""
                SELECT m."Id", m."TicketNumber" AS "Number", 0::double precision AS "Rank"
                FROM "TicketMessages" AS m
                WHERE m."SearchVector" @@ websearch_to_tsquery('simple'::regconfig, {text}) AND m."Id" > {after}
                ORDER BY m."Id" DESC
                LIMIT {BroadSearchMessages}
                """).ToListAsync(ct);
            if (found.Count >= BroadSearchMessages || after == long.MinValue)
            {
                return (found, true);
            }

            range *= 4;
        }
    }

    /// <summary>Tickets with a message holding every word (<see cref="SearchHit.Exact"/> 0), each message once: ranked by
    /// bm25, or, beyond <see cref="RankedSearchMessages"/>, the newest <see cref="BroadSearchMessages"/> unranked (FTS5
    /// walks its index newest first and stops there). Every word is a quoted phrase (<see cref="Fts5Query"/>).</summary>
    private async Task<(IQueryable<SearchHit> Hits, bool Broad)> SqliteMessageMatchesAsync(string words, CancellationToken ct)
    {
        var broad = words.Length > 0 && await db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM (SELECT rowid FROM "MessageSearch" WHERE "MessageSearch" MATCH {words} LIMIT {RankedSearchMessages + 1}) AS x
            """).SingleAsync(ct) > RankedSearchMessages;
        return (broad
            ? db.Set<SearchHit>().FromSql($"""
                SELECT m."TicketNumber" AS "Number", 0.0 AS "Rank", 0 AS "Exact"
                FROM (SELECT rowid AS id FROM "MessageSearch" WHERE "MessageSearch" MATCH {words} ORDER BY rowid DESC LIMIT {BroadSearchMessages}) AS h
                JOIN "TicketMessages" AS m ON m."Id" = h.id
                """)
            : db.Set<SearchHit>().FromSql($"""
                SELECT m."TicketNumber" AS "Number", h.r AS "Rank", 0 AS "Exact"
                FROM (SELECT rowid AS id, rank AS r FROM "MessageSearch" WHERE "MessageSearch" MATCH {words}) AS h
                JOIN "TicketMessages" AS m ON m."Id" = h.id
                """), broad);
    }

    /// <summary>SQLite: tickets whose number, subject, requester or organization holds the text (<see cref="SearchHit.Exact"/>
    /// 1), each branch on its own index: the primary key; an FTS5 trigram table of subjects, where a quoted phrase matches
    /// any substring of three characters or more (a shorter text reads every subject); the customers' and organizations'
    /// tables, then the tickets' requester and organization indexes.</summary>
    private IQueryable<SearchHit> SqliteOtherMatches(string text)
    {
        var number = TicketNumber(text);
        var pattern = "%" + EscapeLike(text) + "%";
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

    /// <summary>A text as a LIKE pattern's literal part, for <c>ESCAPE '\'</c>. SQL Server also reads <c>[</c> as the start of a
    /// character class (<paramref name="brackets"/>).</summary>
    internal static string EscapeLike(string text, bool brackets = false)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        return brackets ? escaped.Replace("[", "\\[", StringComparison.Ordinal) : escaped;
    }

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

/// <summary>A ticket a search matched, and how (see <c>TicketQueries.SearchAsync</c>). Read through <c>FromSql</c> only: it
/// has no table.</summary>
public sealed class SearchHit
{
    public int Number { get; init; }

    public double Rank { get; init; }

    /// <summary>1 when the number, subject, requester or organization matched, else 0.</summary>
    public int Exact { get; init; }
}

/// <summary>A message a PostgreSQL search matched: its id, its ticket and its rank (lower is better; 0 unranked). Read
/// through <c>FromSql</c> only: it has no table.</summary>
public sealed class MessageHit
{
    public long Id { get; init; }

    public int Number { get; init; }

    public double Rank { get; init; }
}
