using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

public interface IOutboxStore
{
    void Add(OutboxMessage message);

    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    /// <summary>
    /// Takes a due message for this dispatcher until <paramref name="until"/>, in one conditional update committed at
    /// once: false when another node took it first (or it is no longer due). Only the taker sends it.
    /// </summary>
    Task<bool> ClaimAsync(OutboxMessage message, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default);

    /// <summary>The notices of a disruption still queued, or sent after <paramref name="since"/>, tracked for change.</summary>
    Task<IReadOnlyList<OutboxMessage>> NoticesAsync(int disruptionId, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The customer with this address, to record a refused delivery on; null when it is nobody's.</summary>
    Task<Customer?> FindCustomerAsync(string email, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);
}
