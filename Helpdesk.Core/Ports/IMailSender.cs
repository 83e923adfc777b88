using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>Sends composed messages; implementations: SMTP, or a pickup folder of .eml files.</summary>
public interface IMailSender
{
    /// <summary>A session for a batch of messages: SMTP sends them all over one connection (opened at the first message,
    /// opened again after a failure).</summary>
    IMailSession OpenSession();
}
