using System.Threading.Channels;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// Brings running clocks in line after a calendar or policy change, in the background and in batches:
/// each unsolved ticket is checkpointed under the old setup up to the moment of the change, then the
/// engine runs under the new one. A ticket an agent changes meanwhile is retried.
/// </summary>
public sealed class SlaRecomputeService(IServiceScopeFactory scopes, TimeProvider time, ILogger<SlaRecomputeService> logger)
    : BackgroundService, ISlaRecompute
{
    public const int BatchSize = 200;

    private readonly Channel<Job> _requests = Channel.CreateUnbounded<Job>();
    private long _pending;

    /// <summary>Requests queued or being processed; tests wait for zero.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Request(SlaSetup previous, DateTimeOffset changedAt, string cause)
    {
        Interlocked.Increment(ref _pending);
        _requests.Writer.TryWrite(new Job(previous, changedAt, cause));
    }

    /// <summary>Runs one request to the end (the background loop calls it; tests may too).</summary>
    public async Task<int> RecomputeAsync(SlaSetup previous, DateTimeOffset changedAt, string cause, CancellationToken ct)
    {
        var last = 0;
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
            var setup = await scope.ServiceProvider.GetRequiredService<ISlaStore>().SetupAsync(ct);
            var numbers = await db.Tickets.Where(t => t.Number > last && t.Status < TicketStatus.Solved)
                .OrderBy(t => t.Number).Select(t => t.Number).Take(BatchSize).ToListAsync(ct);
            if (numbers.Count == 0)
            {
                return total;
            }

            var tickets = await db.Tickets
                .Include(t => t.SlaClocks).Include(t => t.Tags).Include(t => t.Requester).ThenInclude(c => c.Organization)
                .Include(t => t.Assignee).Include(t => t.Group)
                .Where(t => numbers.Contains(t.Number)).AsSplitQuery().ToListAsync(ct);
            var sla = scope.ServiceProvider.GetRequiredService<SlaService>();
            var now = time.GetUtcNow();
            foreach (var ticket in tickets)
            {
                SlaEngine.Checkpoint(ticket, id => previous.Calendars.TryGetValue(id, out var c) ? c : setup.Calendar(id), changedAt);
                await sla.ApplyAsync(ticket, now, cause, ct);
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // An agent saved one of these tickets meanwhile; its own save already applied the new setup, so
                // redo the batch one ticket at a time from fresh copies.
                logger.LogInformation("SLA recompute: a ticket in {First}–{Last} changed meanwhile; retrying the batch", numbers[0], numbers[^1]);
                continue;
            }

            total += tickets.Count;
            last = numbers[^1];
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                var count = await RecomputeAsync(request.Previous, request.ChangedAt, request.Cause, stoppingToken);
                logger.LogInformation("SLA recompute after {Cause}: {Count} unsolved tickets brought up to date", request.Cause, count);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "SLA recompute after {Cause} failed", request.Cause);
            }
            finally
            {
                Interlocked.Decrement(ref _pending);
            }
        }
    }

    private sealed record Job(SlaSetup Previous, DateTimeOffset ChangedAt, string Cause);
}
