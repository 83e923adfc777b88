using System.Globalization;
using System.Security.Cryptography;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Microsoft.AspNetCore.DataProtection;

namespace Helpdesk.Web.Infrastructure;

/// <summary>Opt-out links signed and encrypted with ASP.NET Core data protection (keys in the data folder).</summary>
public sealed class NoticeLinks(IDataProtectionProvider protection, MailIdentity identity) : INoticeLinks
{
    private readonly IDataProtector _protector = protection.CreateProtector("Helpdesk.Notices.OptOut.v1");

    public string OptOut(int customerId) => $"{identity.BaseUrl}/notices/opt-out?t={Token(customerId)}";

    public string OneClick(int customerId) => $"{identity.BaseUrl}/notices/unsubscribe?t={Token(customerId)}";

    private string Token(int customerId) => Uri.EscapeDataString(_protector.Protect(customerId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>The customer a token names, or null when it was tampered with or made with other keys.</summary>
    public int? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            return int.TryParse(_protector.Unprotect(token), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
