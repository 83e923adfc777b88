using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Microsoft.AspNetCore.DataProtection;

namespace Helpdesk.Web.Links;

/// <summary>Opt-out links signed and encrypted with ASP.NET Core data protection (keys in the data folder).</summary>
public sealed class NoticeLinks(IDataProtectionProvider protection, MailIdentity identity) : INoticeLinks
{
    private readonly SignedNumber _customers = new(protection, "Helpdesk.Notices.OptOut.v1");

    public string OptOut(int customerId) => $"{identity.BaseUrl}/notices/opt-out?t={_customers.Token(customerId)}";

    public string OneClick(int customerId) => $"{identity.BaseUrl}/notices/unsubscribe?t={_customers.Token(customerId)}";

    /// <summary>The customer a token names, or null when it was tampered with or made with other keys.</summary>
    public int? Read(string? token) => _customers.Read(token);
}
