using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

public interface IOutboxStore
{
    void Add(OutboxMessage message);

    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    /// <summary>The notices of a disruption still queued, or sent after <paramref name="since"/>, tracked for change.</summary>
    Task<IReadOnlyList<OutboxMessage>> NoticesAsync(int disruptionId, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The customer with this address, to record a refused delivery on; null when it is nobody's.</summary>
    Task<Customer?> FindCustomerAsync(string email, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);
}
