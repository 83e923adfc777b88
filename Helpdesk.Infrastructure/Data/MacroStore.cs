using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class MacroStore(HelpdeskDbContext db) : IMacroStore
{
    public async Task<IReadOnlyList<Macro>> AvailableToAsync(string agentId, CancellationToken ct = default) =>
        await db.Set<Macro>().AsNoTracking().Where(m => m.OwnerId == null || m.OwnerId == agentId).OrderBy(m => m.Name).ThenBy(m => m.Id).ToListAsync(ct);

    public Task<Macro?> FindAsync(int id, CancellationToken ct = default) => db.Set<Macro>().FirstOrDefaultAsync(m => m.Id == id, ct);

    public Task<bool> NameTakenAsync(string name, string? ownerId, int? exceptId, CancellationToken ct = default) =>
        db.Set<Macro>().AnyAsync(m => m.Name == name && m.OwnerId == ownerId && m.Id != exceptId, ct);

    public void Add(Macro macro) => db.Set<Macro>().Add(macro);

    public void Remove(Macro macro) => db.Set<Macro>().Remove(macro);

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
