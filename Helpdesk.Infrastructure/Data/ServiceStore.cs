using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class ServiceStore(HelpdeskDbContext db) : IServiceStore
{
    public async Task<IReadOnlyList<Service>> AllAsync(CancellationToken ct = default) =>
        await db.Set<Service>().AsNoTracking().Include(s => s.Targets).OrderBy(s => s.Name).ToListAsync(ct);

    public Task<Service?> FindAsync(int id, CancellationToken ct = default) =>
        db.Set<Service>().Include(s => s.Targets).FirstOrDefaultAsync(s => s.Id == id, ct);

    public Task<bool> NameTakenAsync(string name, int? exceptId, CancellationToken ct = default) =>
        db.Set<Service>().AnyAsync(s => s.Name == name && s.Id != exceptId, ct);

    public void Add(Service service) => db.Set<Service>().Add(service);

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
