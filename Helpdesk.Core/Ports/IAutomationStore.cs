using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>Automations and the record of where they ran.</summary>
public interface IAutomationStore
{
    Task<IReadOnlyList<Automation>> AllAsync(CancellationToken ct = default);

    Task<Automation?> FindAsync(int id, CancellationToken ct = default);

    void Add(Automation automation);

    void Remove(Automation automation);

    /// <summary>
    /// Tickets the automation may be due on: in its status, with its event at or before <paramref name="cutoff"/>, on
    /// which it has not run for that event; oldest event first, at most <paramref name="limit"/> (an index read).
    /// </summary>
    Task<IReadOnlyList<(int Number, DateTimeOffset EventAt)>> CandidatesAsync(Automation automation, DateTimeOffset cutoff, int limit, CancellationToken ct = default);

    /// <summary>Records the run, to be committed with the ticket's changes (its key refuses a second).</summary>
    void Add(AutomationRun run);

    Task<bool> RanAsync(int automationId, int ticketNumber, DateTimeOffset eventAt, CancellationToken ct = default);

    /// <summary>How many times each automation ran since <paramref name="since"/>, for the admin list.</summary>
    Task<IReadOnlyDictionary<int, int>> RunCountsAsync(DateTimeOffset since, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);
}
