using Helpdesk.Core.Sla.Simulation;

namespace Helpdesk.Core.Ports;

/// <summary>Past tickets' recorded histories, read without tracking or locking anything (the SLA simulator, decision 021).</summary>
public interface ISlaHistory
{
    /// <summary>How many tickets were created in [from, to).</summary>
    Task<int> CountAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default);

    /// <summary>
    /// The tickets created in [from, to), in number order, each with its history up to <paramref name="now"/> and its recorded
    /// clocks; read in batches, so memory stays flat however long the period.
    /// </summary>
    IAsyncEnumerable<TicketHistory> ReadAsync(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, CancellationToken ct = default);
}
