using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Ports;

/// <summary>Signed links in notices (made by the web layer, which can check them).</summary>
public interface INoticeLinks
{
    /// <summary>A link with which this customer stops disruption notices, without a login: a page that asks first.</summary>
    string OptOut(int customerId);

    /// <summary>The RFC 8058 one-click link for the notices' List-Unsubscribe header: a POST to it stops them.</summary>
    string OneClick(int customerId);
}
