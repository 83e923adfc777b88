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

    /// <summary>The <c>Mailboxes</c> list from configuration: entries without a host are left out.</summary>
    public static IReadOnlyList<MailboxOptions> From(IConfiguration configuration) =>
        [.. configuration.GetSection("Mailboxes").GetChildren().Select(section =>
        {
            var options = new MailboxOptions();
            section.Bind(options);
            return options;
        }).Where(m => !string.IsNullOrWhiteSpace(m.Host))];
}

/// <summary>The <c>Mailboxes</c> section as a whole, for the options pattern (validated at start).</summary>
public sealed class MailboxList
{
    public IReadOnlyList<MailboxOptions> Mailboxes { get; set; } = [];
}

/// <summary>Checks every mailbox at start, naming the setting (<c>Mailboxes:N:Key</c>) and what it accepts; never
/// showing a password or token.</summary>
public sealed class MailboxListValidator : Microsoft.Extensions.Options.IValidateOptions<MailboxList>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, MailboxList options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Mailboxes.Count; i++)
        {
            var m = options.Mailboxes[i];
            var key = $"Mailboxes:{i}";
            if (m.Port is < 1 or > 65535)
            {
                errors.Add($"{key}:Port is {m.Port}; use 1 to 65535 (993 for ImplicitTls, 143 for StartTls).");
            }

            if (string.IsNullOrWhiteSpace(m.UserName))
            {
                errors.Add($"{key}:UserName is empty; give the mailbox's sign-in name.");
            }

            if (m.Auth == Imap.ImapAuth.XOAuth2 ? string.IsNullOrEmpty(m.AccessToken) : string.IsNullOrEmpty(m.Password))
            {
                errors.Add(m.Auth == Imap.ImapAuth.XOAuth2
                    ? $"{key}:AccessToken is empty while {key}:Auth is XOAuth2; give the token (from an environment variable or a secret store)."
                    : $"{key}:Password is empty; give it (from an environment variable or a secret store).");
            }

            if (string.IsNullOrWhiteSpace(m.Folder))
            {
                errors.Add($"{key}:Folder is empty; INBOX is the usual one.");
            }

            if (m.AfterImport == AfterImport.Move && string.IsNullOrWhiteSpace(m.MoveTo))
            {
                errors.Add($"{key}:MoveTo is empty while {key}:AfterImport is Move; name the folder to move taken-in mail to.");
            }

            if (m.BatchSize is < 1 or > 1000)
            {
                errors.Add($"{key}:BatchSize is {m.BatchSize}; use 1 to 1000.");
            }

            if (m.IdleMinutes is < 1 or > 29)
            {
                errors.Add($"{key}:IdleMinutes is {m.IdleMinutes}; use 1 to 29 (servers may drop an IDLE after 30 minutes).");
            }

            if (options.Mailboxes.Take(i).Any(other => string.Equals(other.Name, m.Name, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{key}:Name \"{m.Name}\" is used by another mailbox; each needs its own name (it keys where reading left off).");
            }
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
