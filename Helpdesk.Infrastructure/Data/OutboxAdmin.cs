using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class OutboxAdmin(HelpdeskDbContext db, TimeProvider time) : IOutboxAdmin
{
    public async Task<OutboxSummary> SummaryAsync(CancellationToken ct = default)
    {
        var counts = await db.Outbox.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var retrying = await db.Outbox.CountAsync(m => m.State == OutboxState.Queued && m.Attempts > 0, ct);
        var problems = await db.Outbox.AsNoTracking()
            .Where(m => m.State == OutboxState.DeadLettered || (m.State == OutboxState.Queued && m.Attempts > 0))
            .OrderByDescending(m => m.Id).Take(50)
            .Select(m => new OutboxProblem(m.Id, m.Subject, m.MessageId, m.To, m.State, m.NextAttemptAt, m.Attempts, m.LastError))
            .ToListAsync(ct);
        return new OutboxSummary(counts, retrying, problems);
    }

    public async Task RetryAsync(long id, CancellationToken ct = default)
    {
        var message = await db.Outbox.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("The message");
        message.Retry(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
    }

    public async Task DiscardAsync(long id, CancellationToken ct = default)
    {
        var message = await db.Outbox.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("The message");
        message.Discard();
        await db.SaveChangesAsync(ct);
    }
}
