using Helpdesk.Core.Mail;
using static Helpdesk.Web.Presentation.Words;

namespace Helpdesk.Web.Hosting;

/// <summary>Settings that quietly break customer email, said on every admin page until they are fixed.</summary>
public sealed class SetupWarnings(IConfiguration configuration, MailIdentity identity, IReadOnlyList<Helpdesk.Infrastructure.Mail.Intake.MailboxOptions> mailboxes)
{
    public IReadOnlyList<string> All()
    {
        var warnings = new List<string>();
        if (!Uri.TryCreate(identity.BaseUrl, UriKind.Absolute, out var url) || url.IsLoopback || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add(T("Links in customer emails (surveys, opt-out, the portal) point to {0}, which customers cannot reach. Set Mail:BaseUrl to the address they use.", identity.BaseUrl));
        }

        if (string.IsNullOrWhiteSpace(configuration["Smtp:Host"]))
        {
            warnings.Add(T("No SMTP server is configured (Smtp:Host): outgoing mail is written to the pickup folder and never delivered."));
        }

        if (mailboxes.Count == 0)
        {
            warnings.Add(T("No mailbox is configured (Mailboxes): customers' emails are not read unless a mail server pipes them to \"mail ingest\"."));
        }

        return warnings;
    }
}
