using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

public interface IMacroStore
{
    /// <summary>The shared macros and the agent's own, by name.</summary>
    Task<IReadOnlyList<Macro>> AvailableToAsync(string agentId, CancellationToken ct = default);

    Task<Macro?> FindAsync(int id, CancellationToken ct = default);

    /// <summary>Whether the owner (null: the shared ones) has another macro of that name.</summary>
    Task<bool> NameTakenAsync(string name, string? ownerId, int? exceptId, CancellationToken ct = default);

    void Add(Macro macro);

    void Remove(Macro macro);

    Task SaveChangesAsync(CancellationToken ct = default);
}
