using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Brings due clocks up to date: reads the clocks whose <c>NextCheckAt</c> has passed through their index,
/// in batches, and lets the engine record the warnings and breaches they reached. Its cost grows with the
/// clocks that are due, not with the backlog.
/// </summary>
[DisallowConcurrentExecution]
public sealed class SweepSlaClocksJob(HelpdeskDbContext db, ISlaStore sla, TimeProvider time, ILogger<SweepSlaClocksJob> logger) : IJob
{
    public const int BatchSize = 200;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        var now = time.GetUtcNow();
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var numbers = await db.SlaClocks.Where(c => c.NextCheckAt != null && c.NextCheckAt <= now)
                .OrderBy(c => c.NextCheckAt).Select(c => c.TicketNumber).Distinct().Take(BatchSize).ToListAsync(ct);
            if (numbers.Count == 0)
            {
                break;
            }

            var setup = await sla.SetupAsync(ct);
            var tickets = await db.Tickets.Include(t => t.SlaClocks).Where(t => numbers.Contains(t.Number)).AsSplitQuery().ToListAsync(ct);
            foreach (var ticket in tickets)
            {
                SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, setup.Policies), setup.Calendar, now, "sweep");
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // An agent changed one of these tickets; its own save applied the engine. Try again next run.
                logger.LogInformation("SLA sweep: a ticket changed meanwhile; the rest waits for the next run");
                break;
            }

            db.ChangeTracker.Clear();
            total += tickets.Count;
        }

        context.Result = total;
    }
}
