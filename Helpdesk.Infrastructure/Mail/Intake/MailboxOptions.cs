using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Mail.Imap;
using Microsoft.Extensions.Configuration;

namespace Helpdesk.Infrastructure.Mail.Intake;

public enum AfterImport
{
    /// <summary>Flag the message \Seen and leave it where it is.</summary>
    Seen,

    /// <summary>Move it to <see cref="MailboxOptions.MoveTo"/>.</summary>
    Move,
}

/// <summary>
/// One mailbox from configuration (<c>Mailboxes:N:…</c>). Put the password or token in an environment variable
/// or a secret store (<c>Mailboxes__0__Password</c>), never in the repository.
/// </summary>
public sealed class MailboxOptions
{
    public string Name { get; set; } = "support";

    /// <summary>The address customers write to (its plus-addresses thread replies; mail from it is ours).</summary>
    public string? Address { get; set; }

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 993;

    public ImapSecurity Security { get; set; } = ImapSecurity.ImplicitTls;

    public ImapAuth Auth { get; set; } = ImapAuth.Login;

    public string UserName { get; set; } = string.Empty;

    public string? Password { get; set; }

    public string? AccessToken { get; set; }

    public bool ValidateCertificate { get; set; } = true;

    public string Folder { get; set; } = "INBOX";

    public AfterImport AfterImport { get; set; } = AfterImport.Seen;

    public string MoveTo { get; set; } = "Processed";

    public int? GroupId { get; set; }

    public int? CategoryId { get; set; }

    public TicketPriority Priority { get; set; } = TicketPriority.Normal;

    /// <summary>Keep a connection open and let the server tell of new mail (IMAP IDLE) where it can, so that a message
    /// becomes a ticket within seconds; the poll stays the safety net.</summary>
    public bool Idle { get; set; } = true;

    /// <summary>An IDLE is ended and begun again after this many minutes: servers may drop a connection idle for 30
    /// (RFC 2177), and some routers sooner.</summary>
    public int IdleMinutes { get; set; } = 25;

    /// <summary>Messages read per batch (each committed on its own).</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Where it is read, for logs and pages: never the password or token.</summary>
    public override string ToString() => $"{UserName}@{Host}:{Port} ({Security})";

    public MailboxDefaults Defaults => new(GroupId, CategoryId, Priority);

    public static IReadOnlyList<MailboxOptions> From(IConfiguration configuration) =>
        [.. configuration.GetSection("Mailboxes").GetChildren().Select(section =>
        {
            var options = new MailboxOptions();
            section.Bind(options);
            return options;
        }).Where(m => !string.IsNullOrWhiteSpace(m.Host))];
}
