using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>The services whose availability is promised, with their organizations' own targets.</summary>
public interface IServiceStore
{
    Task<IReadOnlyList<Service>> AllAsync(CancellationToken ct = default);

    Task<Service?> FindAsync(int id, CancellationToken ct = default);

    Task<bool> NameTakenAsync(string name, int? exceptId, CancellationToken ct = default);

    void Add(Service service);

    Task SaveChangesAsync(CancellationToken ct = default);
}
