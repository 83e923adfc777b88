using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Sla;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NodaTime;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The reports as grouped queries in the database. Grouping by day and percentiles need SQL of their own (SQLite
/// stores instants as UTC ticks, PostgreSQL as timestamps), so those are written per provider; the rest is LINQ.
/// </summary>
public sealed class ReportQueries(HelpdeskDbContext db, ISlaStore sla) : IReportQueries
{
    private const long TicksPerDay = TimeSpan.TicksPerDay;
    private const int AtRiskShown = 25;
    private const int LatestRatingsShown = 25;

    private static readonly (string Label, TimeSpan From, TimeSpan? To)[] ResponseBuckets =
    [
        ("< 15 min", TimeSpan.Zero, TimeSpan.FromMinutes(15)),
        ("15–30 min", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30)),
        ("30–60 min", TimeSpan.FromMinutes(30), TimeSpan.FromHours(1)),
        ("1–2 h", TimeSpan.FromHours(1), TimeSpan.FromHours(2)),
        ("2–4 h", TimeSpan.FromHours(2), TimeSpan.FromHours(4)),
        ("4–8 h", TimeSpan.FromHours(4), TimeSpan.FromHours(8)),
        ("8–24 h", TimeSpan.FromHours(8), TimeSpan.FromHours(24)),
        ("≥ 24 h", TimeSpan.FromHours(24), null),
    ];

    private static readonly (string Label, TimeSpan Below)[] AgeBuckets =
    [
        ("< 1 day", TimeSpan.FromDays(1)),
        ("1–3 days", TimeSpan.FromDays(3)),
        ("3–7 days", TimeSpan.FromDays(7)),
        ("7–30 days", TimeSpan.FromDays(30)),
        ("≥ 30 days", TimeSpan.MaxValue),
    ];

    private bool Sqlite => db.Provider == DatabaseProvider.Sqlite;

    public async Task<Dashboard> DashboardAsync(ReportFilter filter, DateTimeOffset now, CancellationToken ct = default)
    {
        var achievement = await AchievementAsync(filter, now, ct);
        var durations = await DurationsAsync(filter, ct);
        var days = await DaysAsync(filter, now, ct);
        var distribution = await DistributionAsync(filter, ct);
        var (backlog, ages) = await BacklogAsync(filter, now, ct);
        var atRisk = await AtRiskAsync(filter, now, ct);
        var satisfaction = await SatisfactionAsync(filter, now, ct);
        return new Dashboard(filter, achievement, durations, days, distribution, backlog, ages, atRisk, satisfaction);
    }

    public async Task<ReportSummary> SummaryAsync(ReportFilter filter, DateTimeOffset now, CancellationToken ct = default)
    {
        var achievement = await AchievementAsync(filter, now, ct);
        var byTarget = await TargetsAsync(filter, now, ct);
        var durations = await DurationsAsync(filter, ct);
        var tickets = FilterTickets(db.Tickets.AsNoTracking(), filter);
        var opened = await tickets.CountAsync(t => t.CreatedAt >= filter.From && t.CreatedAt < filter.To, ct);
        var solved = await tickets.CountAsync(t => t.SolvedAt >= filter.From && t.SolvedAt < filter.To, ct);
        var satisfaction = SatisfactionRow(await SurveyCountsAsync(filter, ct), null);
        return new ReportSummary(achievement, byTarget, durations, opened, solved, satisfaction);
    }

    public async IAsyncEnumerable<BreachRow> Breaches(ReportFilter filter, DateTimeOffset now, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var calendars = (await sla.SetupAsync(ct)).Calendars;
        var clocks = FilterClocks(db.SlaClocks.AsNoTracking(), filter).Where(c => c.BreachedAt >= filter.From && c.BreachedAt < filter.To);
        var rows = clocks
            .OrderByDescending(c => c.BreachedAt).ThenBy(c => c.TicketNumber)
            .Take(limit)
            .Select(c => new
            {
                c.TicketNumber,
                c.Ticket.Subject,
                c.Metric,
                c.Cycle,
                c.Ticket.Priority,
                Assignee = c.Ticket.Assignee != null ? c.Ticket.Assignee.DisplayName : null,
                c.PolicyName,
                BreachedAt = c.BreachedAt!.Value,
                c.State,
                c.UsedTicks,
                c.RunningSince,
                c.TargetMinutes,
                c.CalendarId,
                Escalations = db.Set<SlaEscalation>().Count(e => e.TicketNumber == c.TicketNumber && e.Metric == c.Metric && e.Cycle == c.Cycle),
            })
            .AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            // A running clock has used more since its last transition: counted to now on its calendar.
            var used = r.UsedTicks;
            if (r.State == SlaClockState.Running && r.RunningSince is { } since && calendars.TryGetValue(r.CalendarId, out var calendar))
            {
                used += calendar.Between(Instant.FromDateTimeOffset(since), Instant.FromDateTimeOffset(now)).BclCompatibleTicks;
            }

            var open = r.State is SlaClockState.Running or SlaClockState.Paused;
            yield return new BreachRow(r.TicketNumber, r.Subject, r.Metric, r.Cycle, r.Priority, r.Assignee, r.PolicyName, r.BreachedAt,
                TimeSpan.FromTicks(Math.Max(0, used - TimeSpan.FromMinutes(r.TargetMinutes).Ticks)), open, r.Escalations);
        }
    }

    /// <summary>
    /// The filter's conditions on tickets, written once: the ticket's column and the value it must equal. The LINQ of
    /// <see cref="FilterTickets"/> and <see cref="FilterClocks"/> and the SQL of <see cref="TicketWhere"/> are all made from it.
    /// </summary>
    private static IEnumerable<(string Column, object Value)> Conditions(ReportFilter f)
    {
        (string, object?)[] all =
        [
            (nameof(Ticket.SlaPolicyId), f.PolicyId),
            (nameof(Ticket.GroupId), f.GroupId),
            (nameof(Ticket.AssigneeId), f.AgentId),
            (nameof(Ticket.Priority), f.Priority),
            (nameof(Ticket.CategoryId), f.CategoryId),
            (nameof(Ticket.OrganizationId), f.OrganizationId),
        ];
        return all.Where(c => c.Item2 is not null).Select(c => (c.Item1, c.Item2!));
    }

    private static IQueryable<Ticket> FilterTickets(IQueryable<Ticket> tickets, ReportFilter f) =>
        Conditions(f).Aggregate(tickets, (query, c) => query.Where(ColumnEquals<Ticket>(t => t, c.Column, c.Value)));

    /// <summary>The clocks of the filter's tickets, cancelled ones left out; the policy is the clock's own (a ticket's may have changed since).</summary>
    private static IQueryable<SlaClock> FilterClocks(IQueryable<SlaClock> clocks, ReportFilter f)
    {
        clocks = clocks.Where(c => c.State != SlaClockState.Cancelled);
        if (f.PolicyId is int policy)
        {
            clocks = clocks.Where(c => c.PolicyId == policy);
        }

        return Conditions(f with { PolicyId = null }).Aggregate(clocks, (query, c) => query.Where(ColumnEquals<SlaClock>(clock => clock.Ticket, c.Column, c.Value)));
    }

    /// <summary><c>row => ticket(row).Column == value</c>, the value a query parameter (read from a box), never SQL text.</summary>
    private static Expression<Func<TRow, bool>> ColumnEquals<TRow>(Expression<Func<TRow, Ticket>> ticket, string column, object value)
    {
        var property = Expression.Property(ticket.Body, column);
        var box = Activator.CreateInstance(typeof(StrongBox<>).MakeGenericType(property.Type), value)!;
        var parameter = Expression.Field(Expression.Constant(box), nameof(StrongBox<int>.Value));
        return Expression.Lambda<Func<TRow, bool>>(Expression.Equal(property, parameter), ticket.Parameters);
    }

    private async Task<IReadOnlyList<Achievement>> AchievementAsync(ReportFilter f, DateTimeOffset now, CancellationToken ct)
    {
        var clocks = FilterClocks(db.SlaClocks.AsNoTracking(), f).Where(c => c.StartedAt >= f.From && c.StartedAt < f.To);
        var grouped = await clocks
            .Select(Outcome(now))
            .GroupBy(c => c.Metric)
            .Select(g => new
            {
                Metric = g.Key,
                Met = g.Count(c => c.State == SlaClockState.Met),
                Late = g.Count(c => c.State == SlaClockState.MetLate),
                Breached = g.Count(c => (c.State == SlaClockState.Running || c.State == SlaClockState.Paused) && c.Breached),
                Active = g.Count(c => c.State == SlaClockState.Running || c.State == SlaClockState.Paused),
            })
            .ToListAsync(ct);
        return [.. Enum.GetValues<SlaMetric>().Select(m => grouped.FirstOrDefault(g => g.Metric == m) is { } g
            ? new Achievement(m, g.Met, g.Late, g.Breached, g.Active - g.Breached)
            : new Achievement(m, 0, 0, 0, 0))];
    }

    /// <summary>The clocks started in the period per policy, metric and target, by outcome (as <see cref="AchievementAsync"/> counts them).</summary>
    private async Task<IReadOnlyList<TargetAchievement>> TargetsAsync(ReportFilter f, DateTimeOffset now, CancellationToken ct)
    {
        var clocks = FilterClocks(db.SlaClocks.AsNoTracking(), f).Where(c => c.StartedAt >= f.From && c.StartedAt < f.To);
        var grouped = await clocks
            .Select(Outcome(now))
            .GroupBy(c => new { c.PolicyName, c.Metric, c.TargetMinutes })
            .Select(g => new
            {
                g.Key.PolicyName,
                g.Key.Metric,
                g.Key.TargetMinutes,
                Met = g.Count(c => c.State == SlaClockState.Met),
                Late = g.Count(c => c.State == SlaClockState.MetLate),
                Breached = g.Count(c => (c.State == SlaClockState.Running || c.State == SlaClockState.Paused) && c.Breached),
                Active = g.Count(c => c.State == SlaClockState.Running || c.State == SlaClockState.Paused),
            })
            .ToListAsync(ct);
        return [.. grouped
            .Select(g => new TargetAchievement(g.PolicyName, g.Metric, g.TargetMinutes, g.Met, g.Late, g.Breached, g.Active - g.Breached))
            .OrderBy(t => t.Metric).ThenBy(t => t.TargetMinutes).ThenBy(t => t.PolicyName, StringComparer.CurrentCulture)];
    }

    /// <summary>A clock's metric and state with whether it is breached at <paramref name="now"/> (<see cref="ClockRules.Breached"/>).</summary>
    private static Expression<Func<SlaClock, ClockOutcome>> Outcome(DateTimeOffset now)
    {
        var clock = Expression.Parameter(typeof(SlaClock), "c");
        return Expression.Lambda<Func<SlaClock, ClockOutcome>>(
            Expression.MemberInit(
                Expression.New(typeof(ClockOutcome)),
                Expression.Bind(typeof(ClockOutcome).GetProperty(nameof(ClockOutcome.Metric))!, Expression.Property(clock, nameof(SlaClock.Metric))),
                Expression.Bind(typeof(ClockOutcome).GetProperty(nameof(ClockOutcome.State))!, Expression.Property(clock, nameof(SlaClock.State))),
                Expression.Bind(typeof(ClockOutcome).GetProperty(nameof(ClockOutcome.PolicyName))!, Expression.Property(clock, nameof(SlaClock.PolicyName))),
                Expression.Bind(typeof(ClockOutcome).GetProperty(nameof(ClockOutcome.TargetMinutes))!, Expression.Property(clock, nameof(SlaClock.TargetMinutes))),
                Expression.Bind(typeof(ClockOutcome).GetProperty(nameof(ClockOutcome.Breached))!, ClockRules.AtMoment(ClockRules.Breached, clock, now))),
            clock);
    }

    private sealed class ClockOutcome
    {
        public SlaMetric Metric { get; init; }

        public SlaClockState State { get; init; }

        public string PolicyName { get; init; } = string.Empty;

        public int TargetMinutes { get; init; }

        public bool Breached { get; init; }
    }

    private async Task<IReadOnlyList<Durations>> DurationsAsync(ReportFilter f, CancellationToken ct)
    {
        var business = await PercentilesAsync(f, "UsedTicks", ct);
        var calendar = await PercentilesAsync(f, "ElapsedTicks", ct);
        return [.. Enum.GetValues<SlaMetric>().Select(m =>
        {
            var b = business.GetValueOrDefault(m);
            var c = calendar.GetValueOrDefault(m);
            return new Durations(m, b.Count, b.Median, b.P90, c.Median, c.P90);
        })];
    }

    /// <summary>
    /// Median and 90th percentile by nearest rank, per metric, over the stopped clocks started in the period:
    /// one pass with window functions (both databases have them); ⌈n/2⌉ = (n+1)/2 and ⌈9n/10⌉ = (9n+9)/10 in integers.
    /// </summary>
    private async Task<Dictionary<SlaMetric, (int Count, TimeSpan? Median, TimeSpan? P90)>> PercentilesAsync(ReportFilter f, string column, CancellationToken ct)
    {
        var (where, parameters) = ClockWhere(f, "c");
        var sql = $"""
            SELECT q."Metric" AS "Metric", CAST(q.n AS bigint) AS "Count", CAST(q.rn AS bigint) AS "Rank", q.v AS "Value" FROM (
                SELECT c."Metric" AS "Metric", c."{column}" AS v,
                       ROW_NUMBER() OVER (PARTITION BY c."Metric" ORDER BY c."{column}") AS rn,
                       COUNT(*) OVER (PARTITION BY c."Metric") AS n
                FROM "SlaClocks" c{Join(f)}
                WHERE c."StartedAt" >= @from AND c."StartedAt" < @to AND c."State" IN ({(int)SlaClockState.Met}, {(int)SlaClockState.MetLate}){where}
            ) q
            WHERE q.rn = (q.n + 1) / 2 OR q.rn = (9 * q.n + 9) / 10
            """;
        var result = new Dictionary<SlaMetric, (int Count, TimeSpan? Median, TimeSpan? P90)>();
        foreach (var row in await QueryAsync<RankedValue>(sql, parameters, f, ct))
        {
            var (metric, n, rank) = ((SlaMetric)row.Metric, row.Count, row.Rank);
            var value = TimeSpan.FromTicks(row.Value);
            var current = result.GetValueOrDefault(metric, ((int)n, null, null));
            if (rank == (n + 1) / 2)
            {
                current.Median = value;
            }

            if (rank == ((9 * n) + 9) / 10)
            {
                current.P90 = value;
            }

            result[metric] = current;
        }

        return result;
    }

    private async Task<IReadOnlyList<ReportDay>> DaysAsync(ReportFilter f, DateTimeOffset now, CancellationToken ct)
    {
        var opened = await PerDayAsync(f, "CreatedAt", ct);
        var solved = await PerDayAsync(f, "SolvedAt", ct);

        // The backlog at the end of each day: unsolved at the start, plus opened, minus solved since then
        // (unsolved at an instant = created before it and not solved before it, by the stored SolvedAt).
        // Solved implies created before, so that is created before the start minus solved before it: two index-only counts.
        var tickets = FilterTickets(db.Tickets.AsNoTracking(), f);
        var backlog = await tickets.CountAsync(t => t.CreatedAt < f.From, ct) - await tickets.CountAsync(t => t.SolvedAt < f.From, ct);

        var (where, parameters) = ClockWhere(f, "c");
        var decided = new Dictionary<int, (int Met, int Missed)>();
        foreach (var row in await QueryAsync<DayCounts>($"""
            SELECT x.d AS "Day", CAST(COUNT(*) AS bigint) AS "Count", CAST(SUM(x.met) AS bigint) AS "First", CAST(SUM(x.missed) AS bigint) AS "Second" FROM (
                SELECT {Day("c.\"StartedAt\"")} AS d,
                       CASE WHEN c."State" = {(int)SlaClockState.Met} THEN 1 ELSE 0 END AS met,
                       CASE WHEN {MissedSql} THEN 1 ELSE 0 END AS missed
                FROM "SlaClocks" c{Join(f)}
                WHERE c."StartedAt" >= @from AND c."StartedAt" < @to AND c."State" <> {(int)SlaClockState.Cancelled}{where}
            ) x
            GROUP BY x.d
            """, [.. parameters, ("now", Param(now))], f, ct))
        {
            decided[row.Day] = ((int)row.First, (int)row.Second);
        }

        var days = new List<ReportDay>();
        for (var day = 0; day < f.Days; day++)
        {
            var start = f.From.AddDays(day);
            if (start > now)
            {
                break;
            }

            backlog += opened.GetValueOrDefault(day) - solved.GetValueOrDefault(day);
            var (met, missed) = decided.GetValueOrDefault(day);
            days.Add(new ReportDay(start, opened.GetValueOrDefault(day), solved.GetValueOrDefault(day), backlog, met, missed));
        }

        return days;
    }

    private async Task<Dictionary<int, int>> PerDayAsync(ReportFilter f, string column, CancellationToken ct)
    {
        var (where, parameters) = TicketWhere(f, "t");
        var rows = await QueryAsync<DayCounts>($"""
            SELECT x.d AS "Day", CAST(COUNT(*) AS bigint) AS "Count", CAST(0 AS bigint) AS "First", CAST(0 AS bigint) AS "Second" FROM (
                SELECT {Day($"t.\"{column}\"")} AS d
                FROM "Tickets" t
                WHERE t."{column}" >= @from AND t."{column}" < @to{where}
            ) x
            GROUP BY x.d
            """, parameters, f, ct);
        var counts = rows.ToDictionary(r => r.Day, r => (int)r.Count);
        return counts;
    }

    private async Task<IReadOnlyList<Bucket>> DistributionAsync(ReportFilter f, CancellationToken ct)
    {
        var clocks = FilterClocks(db.SlaClocks.AsNoTracking(), f)
            .Where(c => c.Metric == SlaMetric.FirstResponse && c.StartedAt >= f.From && c.StartedAt < f.To
                && (c.State == SlaClockState.Met || c.State == SlaClockState.MetLate));
        var bounds = ResponseBuckets.Skip(1).Select(b => b.From.Ticks).ToArray();
        var grouped = await clocks
            .GroupBy(c => c.UsedTicks < bounds[0] ? 0 : c.UsedTicks < bounds[1] ? 1 : c.UsedTicks < bounds[2] ? 2 : c.UsedTicks < bounds[3] ? 3
                : c.UsedTicks < bounds[4] ? 4 : c.UsedTicks < bounds[5] ? 5 : c.UsedTicks < bounds[6] ? 6 : 7)
            .Select(g => new { Bucket = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return [.. ResponseBuckets.Select((b, i) => new Bucket(b.Label, b.From, b.To, grouped.FirstOrDefault(g => g.Bucket == i)?.Count ?? 0))];
    }

    private async Task<(int Backlog, IReadOnlyList<BacklogAge> Ages)> BacklogAsync(ReportFilter f, DateTimeOffset now, CancellationToken ct)
    {
        var tickets = FilterTickets(db.Tickets.AsNoTracking(), f).Where(t => t.Status < TicketStatus.Solved);
        var limits = AgeBuckets.Take(AgeBuckets.Length - 1).Select(b => now - b.Below).ToArray();
        var grouped = await tickets
            .GroupBy(t => t.CreatedAt > limits[0] ? 0 : t.CreatedAt > limits[1] ? 1 : t.CreatedAt > limits[2] ? 2 : t.CreatedAt > limits[3] ? 3 : 4)
            .Select(g => new { Bucket = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var ages = AgeBuckets.Select((b, i) => new BacklogAge(b.Label, grouped.FirstOrDefault(g => g.Bucket == i)?.Count ?? 0)).ToList();
        return (ages.Sum(a => a.Count), ages);
    }

    private async Task<IReadOnlyList<AtRiskTicket>> AtRiskAsync(ReportFilter f, DateTimeOffset now, CancellationToken ct) =>
        await FilterTickets(db.Tickets.AsNoTracking(), f)
            // As the queue's "at risk" view: a warning moment exists only beside a running clock's due moment, so the
            // (SlaWarnAt, SlaDueAt) index finds them without reading the rows that are not.
            .Where(t => t.SlaWarnAt <= now && t.SlaDueAt > now)
            .OrderBy(t => t.SlaDueAt).ThenBy(t => t.Number)
            .Take(AtRiskShown)
            .Select(t => new AtRiskTicket(t.Number, t.Subject, t.Priority, t.Assignee != null ? t.Assignee.DisplayName : null, t.SlaMetric, t.SlaDueAt))
            .ToListAsync(ct);

    /// <summary>
    /// The surveys sent in the period, grouped by answer and by the SLA outcome kept with each survey; per day; the
    /// latest answers. Without ticket filters all three read the surveys' index alone.
    /// </summary>
    private async Task<SatisfactionSummary> SatisfactionAsync(ReportFilter f, DateTimeOffset now, CancellationToken ct)
    {
        var grouped = await SurveyCountsAsync(f, ct);
        SatisfactionRow Row(SlaOutcome? sla) => SatisfactionRow(grouped, sla);

        var (where, parameters) = TicketWhere(f, "t");
        var perDay = (await QueryAsync<DayCounts>($"""
            SELECT x.d AS "Day", CAST(COUNT(*) AS bigint) AS "Count", CAST(SUM(x.good) AS bigint) AS "First", CAST(SUM(x.bad) AS bigint) AS "Second" FROM (
                SELECT {Day("t.\"SurveySentAt\"")} AS d,
                       CASE WHEN t."Satisfaction" = {(int)SatisfactionRating.Good} THEN 1 ELSE 0 END AS good,
                       CASE WHEN t."Satisfaction" = {(int)SatisfactionRating.Bad} THEN 1 ELSE 0 END AS bad
                FROM "Tickets" t
                WHERE t."SurveySentAt" >= @from AND t."SurveySentAt" < @to{where}
            ) x
            GROUP BY x.d
            """, parameters, f, ct)).ToDictionary(r => r.Day, r => ((int)r.Count, (int)r.First, (int)r.Second));
        var days = new List<SatisfactionDay>();
        for (var day = 0; day < f.Days && f.From.AddDays(day) <= now; day++)
        {
            var (sent, good, bad) = perDay.GetValueOrDefault(day);
            days.Add(new SatisfactionDay(f.From.AddDays(day), sent, good, bad));
        }

        return new SatisfactionSummary(Row(null), [.. Enum.GetValues<SlaOutcome>().Select(o => Row(o))], days, await Ratings(f, LatestRatingsShown).ToListAsync(ct));
    }

    /// <summary>The surveys sent in the period, counted by answer and by the SLA outcome kept with each.</summary>
    private async Task<List<(SatisfactionRating? Rating, bool? Met, int Count)>> SurveyCountsAsync(ReportFilter f, CancellationToken ct) =>
        [.. (await Surveys(f)
            .GroupBy(t => new { t.Satisfaction, t.SurveySlaMet })
            .Select(g => new { Rating = g.Key.Satisfaction, Met = g.Key.SurveySlaMet, Count = g.Count() })
            .ToListAsync(ct)).Select(g => (g.Rating, g.Met, g.Count))];

    /// <summary>All the surveys (<paramref name="sla"/> null) or those whose ticket had that SLA outcome.</summary>
    private static SatisfactionRow SatisfactionRow(List<(SatisfactionRating? Rating, bool? Met, int Count)> grouped, SlaOutcome? sla)
    {
        var rows = grouped.Where(g => sla is not { } o || Outcome(g.Met) == o).ToList();
        return new SatisfactionRow(sla, rows.Sum(r => r.Count),
            rows.Where(r => r.Rating == SatisfactionRating.Good).Sum(r => r.Count), rows.Where(r => r.Rating == SatisfactionRating.Bad).Sum(r => r.Count));
    }

    /// <summary>
    /// The answers, latest first: which tickets from the index (answer time and number), then only those tickets read,
    /// so a period of thousands of answers sorts index entries, not rows (the latest 25 of 7,200 answers on SQLite:
    /// 5 ms from the covering index, 39 ms sorting rows).
    /// </summary>
    public async IAsyncEnumerable<RatedTicket> Ratings(ReportFilter filter, int limit, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var numbers = await Surveys(filter).Where(t => t.Satisfaction != null)
            .OrderByDescending(t => t.SatisfactionAt).ThenByDescending(t => t.Number)
            .Select(t => t.Number)
            .Take(limit)
            .ToListAsync(ct);
        foreach (var chunk in numbers.Chunk(1000))
        {
            // A chunk is a run of the order: sorted in itself, chunk after chunk is the whole order.
            var rated = await db.Tickets.AsNoTracking()
                .Where(t => chunk.Contains(t.Number))
                .Select(t => new RatedTicket(t.Number, t.Subject, t.Assignee != null ? t.Assignee.DisplayName : null, t.Satisfaction!.Value, t.SatisfactionComment,
                    t.SatisfactionAt!.Value, t.SurveySlaMet == null ? SlaOutcome.NoSla : t.SurveySlaMet == true ? SlaOutcome.Met : SlaOutcome.Missed))
                .ToListAsync(ct);
            foreach (var row in rated.OrderByDescending(r => r.RatedAt).ThenByDescending(r => r.Number))
            {
                yield return row;
            }
        }
    }

    private IQueryable<Ticket> Surveys(ReportFilter f) =>
        FilterTickets(db.Tickets.AsNoTracking(), f).Where(t => t.SurveySentAt >= f.From && t.SurveySentAt < f.To);

    private static SlaOutcome Outcome(bool? met) => met switch
    {
        null => SlaOutcome.NoSla,
        true => SlaOutcome.Met,
        false => SlaOutcome.Missed,
    };

    /// <summary>The ticket is read only when a filter asks about it.</summary>
    private static string Join(ReportFilter f) =>
        Conditions(f with { PolicyId = null }).Any() ? " JOIN \"Tickets\" t ON t.\"Number\" = c.\"TicketNumber\"" : string.Empty;

    /// <summary>
    /// <see cref="ClockRules.Missed"/> in the one hand-written query that needs it (grouping by day is SQL of its own); the
    /// report tests hold it to the rule: the days' "missed" counts equal the dashboard's, computed by the rule itself.
    /// </summary>
    private static readonly string MissedSql =
        $"c.\"State\" = {(int)SlaClockState.MetLate} OR c.\"BreachedAt\" IS NOT NULL OR (c.\"State\" = {(int)SlaClockState.Running} AND c.\"DueAt\" <= @now)";

    /// <summary>The day of the period an instant column falls on (0 = the first 24 hours from @from).</summary>
    private string Day(string column) => db.Provider switch
    {
        DatabaseProvider.Sqlite => $"(({column} - @from) / {TicksPerDay})",
        // DATEDIFF counts boundaries crossed; in milliseconds that is the elapsed time to within one.
        DatabaseProvider.SqlServer => $"CAST(DATEDIFF_BIG(millisecond, @from, {column}) / 86400000 AS int)",
        _ => $"CAST(FLOOR(EXTRACT(EPOCH FROM ({column} - @from)) / 86400) AS integer)",
    };

    private object Param(DateTimeOffset value) => Sqlite ? value.UtcTicks : value.ToUniversalTime();

    private static (string Where, List<(string Name, object Value)> Parameters) ClockWhere(ReportFilter f, string alias)
    {
        var (where, parameters) = TicketWhere(f with { PolicyId = null }, "t");
        if (f.PolicyId is int policy)
        {
            where += $" AND {alias}.\"PolicyId\" = @policy";
            parameters.Add(("policy", policy));
        }

        return (where, parameters);
    }

    /// <summary>The filter's conditions (<see cref="Conditions"/>) as SQL on the tickets' alias, each value a parameter.</summary>
    private static (string Where, List<(string Name, object Value)> Parameters) TicketWhere(ReportFilter f, string alias)
    {
        var conditions = Conditions(f).ToList();
        var where = string.Concat(conditions.Select(c => $" AND {alias}.\"{c.Column}\" = @{c.Column}"));
        return (where, [.. conditions.Select(c => (c.Column, c.Value is Enum e ? (object)Convert.ToInt32(e, CultureInfo.InvariantCulture) : c.Value))]);
    }

    /// <summary>A hand-written aggregate through EF (its logging, interceptors and connection handling), with the period's
    /// bounds and the filter's values as parameters, never as text.</summary>
    private async Task<List<T>> QueryAsync<T>(string sql, IEnumerable<(string Name, object Value)> parameters, ReportFilter f, CancellationToken ct)
    {
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var values = parameters.Prepend(("from", Param(f.From))).Prepend(("to", Param(f.To))).Select(((string Name, object Value) p) =>
        {
            var parameter = factory.CreateParameter();
            parameter.ParameterName = p.Name;
            parameter.Value = p.Value;
            return (object)parameter;
        }).ToArray();
        return await db.Database.SqlQueryRaw<T>(sql, values).ToListAsync(ct);
    }
}

/// <summary>One metric's value at a rank, with the metric's count (<c>ReportQueries.PercentilesAsync</c>).</summary>
internal sealed class RankedValue
{
    public int Metric { get; init; }

    public long Count { get; init; }

    public long Rank { get; init; }

    public long Value { get; init; }
}

/// <summary>A day of the period (0 = the first 24 hours) with a count and two sums.</summary>
internal sealed class DayCounts
{
    public int Day { get; init; }

    public long Count { get; init; }

    public long First { get; init; }

    public long Second { get; init; }
}
