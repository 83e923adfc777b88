using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class MonthlyReportStore(HelpdeskDbContext db) : IMonthlyReportStore
{
    public async Task<IReadOnlyList<ReportOrganization>> OrganizationsAsync(CancellationToken ct = default) =>
        await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => new ReportOrganization(o.Id, o.Name, o.TimeZone, o.CreatedAt)).ToListAsync(ct);

    public async Task<IReadOnlySet<(int OrganizationId, int Month)>> SentAsync(IReadOnlyCollection<int> months, CancellationToken ct = default) =>
        (await db.Set<MonthlyReportRun>().AsNoTracking().Where(r => months.Contains(r.Month)).Select(r => new { r.OrganizationId, r.Month }).ToListAsync(ct))
            .Select(r => (r.OrganizationId, r.Month)).ToHashSet();

    public async Task<IReadOnlyList<ReportRecipient>> RecipientsAsync(int organizationId, CancellationToken ct = default) =>
        await db.Customers.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && c.MonthlyReport && c.BouncedAt == null)
            .OrderBy(c => c.Id)
            .Select(c => new ReportRecipient(c.Id, c.Email, c.Name, c.TimeZone, c.Language ?? c.Organization!.Language))
            .ToListAsync(ct);

    public async Task<bool> RecordAsync(MonthlyReportRun run, CancellationToken ct = default)
    {
        db.Set<MonthlyReportRun>().Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // The transaction was rolled back: nothing of ours is saved. If another node committed this organization's
            // month first (the key refused ours), the copies queued here are dropped; any other failure is thrown.
            db.ChangeTracker.Clear();
            if (await db.Set<MonthlyReportRun>().AnyAsync(r => r.OrganizationId == run.OrganizationId && r.Month == run.Month, ct))
            {
                return false;
            }

            throw;
        }
    }
}
