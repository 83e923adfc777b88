using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Mail;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Support;

/// <summary>The app's message writer as tests build it: unsigned, or DKIM-signed with the given options.</summary>
public static class TestMail
{
    public static IMessageWriter Writer(MailIdentity identity, DkimOptions? dkim = null) =>
        new MimeKitMessageWriter(identity, Options.Create(dkim ?? new DkimOptions()));
}
