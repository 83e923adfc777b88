using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Hangfire;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Brings due clocks up to date: reads the clocks whose <c>NextCheckAt</c> has passed through their index,
/// in batches, and lets the SLA service record the warnings and breaches they reached and queue the
/// supervisors' alerts. Its cost grows with the clocks that are due, not with the backlog.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 1, 5, 15 })]
public sealed class SweepSlaClocksJob(HelpdeskDbContext db, SlaService sla, TimeProvider time, ILogger<SweepSlaClocksJob> logger)
{
    public const int BatchSize = 200;

    /// <summary>Sweeps; returns what it did, which the dashboard shows as the job's result (a failure throws, and is retried).</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var (tickets, escalations) = await SweepAsync(cancellationToken);
        return tickets == 0 ? "nothing due" : $"{tickets} ticket(s) brought up to date, {escalations} escalation(s)";
    }

    /// <summary>Brings the due clocks up to date; returns the tickets touched and the escalations raised.</summary>
    public async Task<(int Tickets, int Escalations)> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var total = 0;
        var escalations = 0;
        var seen = new HashSet<int>();
        while (!cancellationToken.IsCancellationRequested)
        {
            var numbers = await db.SlaClocks.Where(c => c.NextCheckAt != null && c.NextCheckAt <= now)
                .Select(c => c.TicketNumber).Distinct().OrderBy(n => n).Take(BatchSize).ToListAsync(cancellationToken);

            // Each ticket once per run: the engine moves its next check past now, so this only guards a mistake.
            numbers.RemoveAll(n => !seen.Add(n));
            if (numbers.Count == 0)
            {
                break;
            }

            var tickets = await db.TicketsForChange().Where(t => numbers.Contains(t.Number)).ToListAsync(cancellationToken);
            foreach (var ticket in tickets)
            {
                await sla.ApplyAsync(ticket, now, "sweep", cancellationToken);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex)
            {
                // Either an agent changed one of these tickets (its own save applied the engine), or another node
                // escalated the same clock first (the unique escalation key refused the copy): nothing is lost.
                logger.LogInformation(ex, "SLA sweep: tickets {First}–{Last} changed meanwhile; they wait for the next run", numbers[0], numbers[^1]);
                break;
            }

            db.ChangeTracker.Clear();
            total += tickets.Count;
            escalations += tickets.Sum(t => t.SlaEscalations.Count);
        }

        return (total, escalations);
    }
}
