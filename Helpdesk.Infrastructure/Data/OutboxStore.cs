using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class OutboxStore(HelpdeskDbContext db) : IOutboxStore
{
    public void Add(OutboxMessage message) => db.Outbox.Add(message);

    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default) =>
        await db.Outbox.Where(m => m.State == OutboxState.Queued && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id).Take(max).ToListAsync(ct);

    public async Task<bool> ClaimAsync(OutboxMessage message, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default)
    {
        var taken = await db.Outbox
            .Where(m => m.Id == message.Id && m.State == OutboxState.Queued && m.NextAttemptAt <= now && (m.ClaimedUntil == null || m.ClaimedUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, until), ct);
        if (taken != 1)
        {
            return false;
        }

        message.Claim(until);
        db.Entry(message).Property(m => m.ClaimedUntil).OriginalValue = until; // already written: not a change to save again
        return true;
    }

    public async Task<IReadOnlyList<OutboxMessage>> NoticesAsync(int disruptionId, DateTimeOffset since, CancellationToken ct = default) =>
        await db.Outbox.Where(m => m.DisruptionId == disruptionId && (m.State == OutboxState.Queued || m.SentAt > since)).ToListAsync(ct);

    public async Task<Customer?> FindCustomerAsync(string email, CancellationToken ct = default) =>
        EmailAddress.TryCreate(email, out var address)
            ? await db.Customers.FirstOrDefaultAsync(c => c.Email == address.Value, ct)
            : null;

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
