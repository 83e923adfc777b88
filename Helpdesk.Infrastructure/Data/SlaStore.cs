using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class SlaStore(HelpdeskDbContext db, QueryCache cache) : ISlaStore
{
    public Task<SlaSetup> SetupAsync(CancellationToken ct = default) => cache.SlaSetupAsync(
        async () => await db.Set<SlaRecomputeRequest>().MaxAsync(r => (long?)r.Id, ct) ?? 0,
        async () =>
    {
        var calendars = await db.SlaCalendars.AsNoTracking().ToListAsync(ct);
        var policies = await db.SlaPolicies.AsNoTracking().Include(p => p.Targets).Include(p => p.LevelActions).AsSplitQuery()
            .Where(p => p.IsActive).OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);
        return new SlaSetup(policies, calendars.ToDictionary(c => c.Id, c => c.Compiled));
    });

    public async Task<IReadOnlyList<SlaCalendar>> CalendarsAsync(CancellationToken ct = default) =>
        await db.SlaCalendars.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct);

    public Task<SlaCalendar?> FindCalendarAsync(int id, CancellationToken ct = default) =>
        db.SlaCalendars.FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<(int Policies, int Clocks)> CalendarUseAsync(int id, CancellationToken ct = default) =>
        (await db.SlaPolicies.CountAsync(p => p.CalendarId == id, ct), await db.SlaClocks.CountAsync(c => c.CalendarId == id, ct));

    public void Remove(SlaCalendar calendar) => db.SlaCalendars.Remove(calendar);

    public Task<int> PolicyUseAsync(int id, CancellationToken ct = default) =>
        db.SlaClocks.CountAsync(c => c.PolicyId == id && (c.State == SlaClockState.Running || c.State == SlaClockState.Paused), ct);

    public void Remove(SlaPolicy policy) => db.SlaPolicies.Remove(policy);

    public Task<bool> CalendarNameTakenAsync(string name, int? exceptId, CancellationToken ct = default)
    {
        var lowered = name.Trim().ToLowerInvariant();
        return db.SlaCalendars.AnyAsync(c => c.Name.ToLower() == lowered && c.Id != exceptId, ct);
    }

    public async Task<IReadOnlyList<SlaPolicy>> PoliciesAsync(CancellationToken ct = default) =>
        await db.SlaPolicies.AsNoTracking().Include(p => p.Targets).Include(p => p.LevelActions).AsSplitQuery().Include(p => p.Calendar)
            .OrderBy(p => p.Position).ThenBy(p => p.Id).ToListAsync(ct);

    public Task<SlaPolicy?> FindPolicyAsync(int id, CancellationToken ct = default) =>
        db.SlaPolicies.Include(p => p.Targets).Include(p => p.LevelActions).AsSplitQuery().FirstOrDefaultAsync(p => p.Id == id, ct);

    public void Add(SlaCalendar calendar) => db.SlaCalendars.Add(calendar);

    public void Add(SlaPolicy policy) => db.SlaPolicies.Add(policy);

    public void Add(SlaRecomputeRequest request) => db.Set<SlaRecomputeRequest>().Add(request);

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);
}
