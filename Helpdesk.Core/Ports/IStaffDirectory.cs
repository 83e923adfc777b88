using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using NodaTime;
using System.Text;

namespace Helpdesk.Core.Ports;

/// <summary>Supervisors to alert: those of a group, or every supervisor when the group has none.</summary>
public interface IStaffDirectory
{
    Task<IReadOnlyList<StaffContact>> SupervisorsAsync(int? groupId, CancellationToken ct = default);
}
