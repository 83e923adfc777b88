using System.Runtime.CompilerServices;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Sla.Simulation;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// Reads past tickets' histories for the SLA simulator (decision 021) from what every change already records: the messages (who wrote,
/// public or not, when), the audit trail's status, priority, category, disruption and merge entries, and the clocks. Untracked
/// projections in batches of ticket numbers, each on the indexes by ticket number; no bodies are read.
/// </summary>
public sealed class SlaHistoryReader(HelpdeskDbContext db) : ISlaHistory
{
    private const int Batch = 1000;

    private static readonly string[] Fields = ["Status", "Priority", "Category", "Disruption", "Merged into", "Merged"];

    private static readonly Dictionary<string, TicketStatus> Statuses =
        Enum.GetValues<TicketStatus>().ToDictionary(s => s.Label(), StringComparer.Ordinal);

    public Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        db.Tickets.CountAsync(t => t.CreatedAt >= from && t.CreatedAt < to, ct);

    public async IAsyncEnumerable<TicketHistory> ReadAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        var categoryIds = categories.GroupBy(c => c.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(c => c.Id), StringComparer.Ordinal);
        var disruptions = (await db.Set<Disruption>().AsNoTracking().Select(d => new { d.Id, d.StartedAt, d.EndedAt }).ToListAsync(ct))
            .ToDictionary(d => d.Id, d => (d.StartedAt, d.EndedAt));

        var after = 0;
        while (true)
        {
            var tickets = await db.Tickets.AsNoTracking()
                .Where(t => t.CreatedAt >= from && t.CreatedAt < to && t.Number > after)
                .OrderBy(t => t.Number)
                .Take(Batch)
                .Select(t => new { t.Number, t.Subject, t.Priority, t.Channel, t.OrganizationId, t.CategoryId, t.CreatedAt })
                .ToListAsync(ct);
            if (tickets.Count == 0)
            {
                yield break;
            }

            after = tickets[^1].Number;

            // By the batch's own numbers, not the range between its first and last: nothing makes numbers follow creation time, and a
            // period's tickets spread over the whole table made every batch read every message (2.3 s for a day's 240 tickets at
            // 100,000). Each lookup is on an index by ticket number.
            var wanted = tickets.Select(t => t.Number).ToList();
            var messages = await db.Messages.AsNoTracking()
                .Where(m => wanted.Contains(m.TicketNumber))
                .Select(m => new Message(m.TicketNumber, m.MergedFrom, m.AuthorKind, m.Visibility, m.CreatedAt))
                .ToListAsync(ct);
            var audit = (await db.AuditEntries.AsNoTracking()
                .Where(a => wanted.Contains(a.TicketNumber) && Fields.Contains(a.Field))
                .Select(a => new { a.Id, a.TicketNumber, a.At, a.ActorKind, a.ActorName, a.Field, a.OldValue, a.NewValue })
                .ToListAsync(ct))
                .OrderBy(a => a.Id) // in the order written
                .ToList();
            var clocks = await db.SlaClocks.AsNoTracking()
                .Where(c => wanted.Contains(c.TicketNumber))
                .Select(c => new { c.TicketNumber, c.Metric, c.Cycle, c.State, c.BreachedAt, c.DueAt })
                .ToListAsync(ct);

            // A merged duplicate's messages now sit on the ticket it went into, marked with where they came from.
            var inBatch = wanted.ToHashSet();
            var survivors = audit.Where(a => a.Field == "Merged into" && Number(a.NewValue) is int s && !inBatch.Contains(s)).Select(a => Number(a.NewValue)!.Value).Distinct().ToList();
            if (survivors.Count > 0)
            {
                messages.AddRange(await db.Messages.AsNoTracking()
                    .Where(m => survivors.Contains(m.TicketNumber) && m.MergedFrom != null)
                    .Select(m => new Message(m.TicketNumber, m.MergedFrom, m.AuthorKind, m.Visibility, m.CreatedAt))
                    .ToListAsync(ct));
            }

            var ownMessages = messages.Where(m => m.MergedFrom is null).ToLookup(m => m.TicketNumber);
            var movedMessages = messages.Where(m => m.MergedFrom is not null).ToLookup(m => m.MergedFrom!.Value);
            var auditOf = audit.ToLookup(a => a.TicketNumber);
            var clocksOf = clocks.ToLookup(c => c.TicketNumber);
            foreach (var t in tickets)
            {
                var entries = auditOf[t.Number].ToList();
                var firstPriority = entries.FirstOrDefault(a => a.Field == "Priority");
                var firstCategory = entries.FirstOrDefault(a => a.Field == "Category");
                var history = new TicketHistory(
                    t.Number, t.Subject, t.CreatedAt,
                    firstPriority is not null && Enum.TryParse<TicketPriority>(firstPriority.OldValue, out var p) ? p : t.Priority,
                    t.Channel, t.OrganizationId,
                    firstCategory is not null ? Category(firstCategory.OldValue, categoryIds) : t.CategoryId);

                var steps = new List<ReplayStep>();
                foreach (var m in ownMessages[t.Number].Concat(movedMessages[t.Number]).OrderBy(m => m.At))
                {
                    if (m.AuthorKind == ActorKind.Customer)
                    {
                        steps.Add(new ReplayStep(m.At, ReplayKind.CustomerMessage));
                    }
                    else if (m.AuthorKind == ActorKind.Agent && m.Visibility == MessageVisibility.Public)
                    {
                        steps.Add(new ReplayStep(m.At, ReplayKind.AgentReply));
                    }
                }

                var linked = new HashSet<int>();
                foreach (var a in entries)
                {
                    switch (a.Field)
                    {
                        case "Status" when a.NewValue is not null && Statuses.TryGetValue(a.NewValue, out var status):
                            steps.Add(new ReplayStep(a.At, ReplayKind.Status, (int)status));
                            break;
                        case "Priority" when Enum.TryParse<TicketPriority>(a.NewValue, out var priority):
                            // The SLA's own level actions raise priorities as "System": the replay raises them as each setup would.
                            if (!(a.ActorKind == ActorKind.System && a.ActorName == Actor.System.Name))
                            {
                                steps.Add(new ReplayStep(a.At, ReplayKind.Priority, (int)priority));
                            }

                            break;
                        case "Category":
                            steps.Add(new ReplayStep(a.At, ReplayKind.Category, Category(a.NewValue, categoryIds) ?? 0));
                            break;
                        case "Disruption":
                            var id = Number(a.NewValue) ?? 0;
                            var ongoing = disruptions.TryGetValue(id, out var d) && d.StartedAt <= a.At && (d.EndedAt is null || a.At < d.EndedAt);
                            steps.Add(new ReplayStep(a.At, ReplayKind.Disruption, id, ongoing));
                            if (ongoing && linked.Add(id) && d.EndedAt is { } ended)
                            {
                                steps.Add(new ReplayStep(ended, ReplayKind.DisruptionEnded, id));
                            }

                            break;
                        case "Merged into" when Number(a.NewValue) is int survivor:
                            steps.Add(new ReplayStep(a.At, ReplayKind.MergedInto, survivor));
                            break;
                        case "Merged" when Number(a.NewValue) is int duplicate && Unanswered(movedMessages[duplicate], a.At):
                            steps.Add(new ReplayStep(a.At, ReplayKind.MergedInUnanswered, duplicate));
                            break;
                    }
                }

                // In the order saved: by moment, messages before the audit entries written with them (a stable sort).
                history.Steps.AddRange(steps.OrderBy(s => s.At));
                foreach (var c in clocksOf[t.Number])
                {
                    history.Recorded.Add(new RecordedClock(c.Metric, c.Cycle, TicketHistory.OutcomeOf(c.State, c.BreachedAt, c.DueAt, now)));
                }

                yield return history;
            }

            if (tickets.Count < Batch)
            {
                yield break;
            }
        }
    }

    private static bool Unanswered(IEnumerable<Message> moved, DateTimeOffset at)
    {
        var list = moved.Where(m => m.At <= at).ToList();
        var asked = list.Where(m => m.AuthorKind == ActorKind.Customer).Select(m => (DateTimeOffset?)m.At).Max();
        var answered = list.Where(m => m.AuthorKind == ActorKind.Agent && m.Visibility == MessageVisibility.Public).Select(m => (DateTimeOffset?)m.At).Max();
        return asked is not null && asked > (answered ?? DateTimeOffset.MinValue);
    }

    private static int? Category(string? name, Dictionary<string, int> ids) => name is not null && ids.TryGetValue(name, out var id) ? id : null;

    /// <summary>The number after the leading '#' of an audit value ("#12 Subject"), or null.</summary>
    private static int? Number(string? value)
    {
        if (value is not { Length: > 1 } || value[0] != '#')
        {
            return null;
        }

        var end = 1;
        while (end < value.Length && end < 11 && char.IsAsciiDigit(value[end]))
        {
            end++;
        }

        return int.TryParse(value.AsSpan(1, end - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private sealed record Message(int TicketNumber, int? MergedFrom, ActorKind AuthorKind, MessageVisibility Visibility, DateTimeOffset At);
}
