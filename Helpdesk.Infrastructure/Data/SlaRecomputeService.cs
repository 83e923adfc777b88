using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// Brings running clocks in line after a calendar or policy change, in batches, from the
/// <see cref="SlaRecomputeRequest"/> rows the changes committed: each unsolved ticket is checkpointed under the
/// old calendars up to the moment of the change, then the engine runs under the new setup, and the request's
/// cursor moves in the same commit as its batch. It runs as a recurring job (requests left by a crash or by another
/// node are picked up at its next run) and is queued at once after a change (<see cref="Nudge"/>). A ticket an agent
/// changes meanwhile is retried.
/// </summary>
public sealed class SlaRecomputeService(IServiceScopeFactory scopes, IServiceProvider services, TimeProvider time, ILogger<SlaRecomputeService> logger)
    : ISlaRecompute
{
    public const int BatchSize = 200;

    /// <summary>Queues a run now, where a job storage is configured; otherwise the recurring run finds the request.</summary>
    public void Nudge() => Jobs.JobQueue.Soon<Jobs.SlaRecomputeJob>(services, j => j.RunAsync(CancellationToken.None), logger);

    /// <summary>Works through every open request, oldest first; returns how many tickets were brought up to date.</summary>
    public async Task<int> RunPendingAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            long? next;
            await using (var scope = scopes.CreateAsyncScope())
            {
                next = await scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Set<SlaRecomputeRequest>()
                    .Where(r => r.CompletedAt == null).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
            }

            if (next is not long id)
            {
                return total;
            }

            total += await RecomputeAsync(id, ct);
        }
    }

    /// <summary>Runs one request to its end from its cursor.</summary>
    private async Task<int> RecomputeAsync(long requestId, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var request = await db.Set<SlaRecomputeRequest>().FirstAsync(r => r.Id == requestId, ct);
            if (request.CompletedAt is not null)
            {
                return total;
            }

            var previous = request.Calendars();
            var setup = await scope.ServiceProvider.GetRequiredService<ISlaStore>().SetupAsync(ct);
            var numbers = await db.Tickets.Where(t => t.Number > request.Cursor && t.Status < TicketStatus.Solved)
                .OrderBy(t => t.Number).Select(t => t.Number).Take(BatchSize).ToListAsync(ct);
            if (numbers.Count == 0)
            {
                request.Complete(time.GetUtcNow());
                await db.SaveChangesAsync(ct);
                logger.LogInformation("SLA recompute after {Cause}: done ({Count} tickets this run)", request.Cause, total);
                return total;
            }

            var tickets = await db.TicketsForChange().Where(t => numbers.Contains(t.Number)).ToListAsync(ct);
            var sla = scope.ServiceProvider.GetRequiredService<SlaService>();
            var now = time.GetUtcNow();
            foreach (var ticket in tickets)
            {
                SlaEngine.Checkpoint(ticket, id => previous.TryGetValue(id, out var c) ? c : setup.Calendar(id), request.ChangedAt);
                await sla.ApplyAsync(ticket, now, request.Cause, ct);
            }

            request.Advance(numbers[^1]);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // An agent (or another node) saved one of these tickets meanwhile; redo the batch from fresh copies.
                logger.LogInformation("SLA recompute: a ticket in {First}–{Last} changed meanwhile; retrying the batch", numbers[0], numbers[^1]);
                continue;
            }

            total += tickets.Count;
        }
    }
}
