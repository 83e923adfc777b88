using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class StaffDirectory(HelpdeskDbContext db) : IStaffDirectory
{
    public async Task<IReadOnlyList<StaffContact>> SupervisorsAsync(int? groupId, CancellationToken ct = default)
    {
        var supervisors = await (from a in db.Agents
                                 join ur in db.UserRoles on a.Id equals ur.UserId
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where r.Name == Roles.Supervisor && a.IsActive
                                 select new { a.Email, a.DisplayName, a.GroupId, a.Language }).ToListAsync(ct);
        var ofGroup = supervisors.Where(s => groupId is not null && s.GroupId == groupId).ToList();
        return (ofGroup.Count > 0 ? ofGroup : supervisors)
            .OrderBy(s => s.Email, StringComparer.Ordinal)
            .Select(s => new StaffContact(s.Email, s.DisplayName, s.Language))
            .ToList();
    }
}
