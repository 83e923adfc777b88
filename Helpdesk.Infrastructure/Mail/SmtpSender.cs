using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Helpdesk.Infrastructure.Mail;

public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same host or network only).</summary>
    None,

    /// <summary>STARTTLS (RFC 3207), refused if the server does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465, RFC 8314).</summary>
    ImplicitTls,
}

/// <summary>The <c>Smtp</c> section. Without a host, mail goes to the pickup folder beside the database.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Signs in when set (the best mechanism both sides offer: SCRAM, PLAIN, LOGIN, …).</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>False accepts any certificate: only for a relay with a self-signed one, never across the internet.</summary>
    public bool ValidateCertificate { get; set; } = true;

    /// <summary>How long one command may wait for the server.</summary>
    public int TimeoutSeconds { get; set; } = 60;
}

/// <summary>Checks the <c>Smtp</c> section at start, naming the setting and what it accepts.</summary>
public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            return ValidateOptionsResult.Success;
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Smtp:Port is {options.Port}; use 1 to 65535 (587 for STARTTLS, 465 for ImplicitTls).");
        }

        if (!string.IsNullOrEmpty(options.UserName) && string.IsNullOrEmpty(options.Password))
        {
            errors.Add("Smtp:Password is empty while Smtp:UserName is set; give both or neither.");
        }

        if (options.TimeoutSeconds is < 5 or > 600)
        {
            errors.Add($"Smtp:TimeoutSeconds is {options.TimeoutSeconds}; use 5 to 600.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Sends through an SMTP server with MailKit's <see cref="SmtpClient"/>: one connection for a batch, opened at the first
/// message and again after any failure; TLS checked against the system's trust store unless told otherwise. A 5xx
/// reply to a recipient or to the message is a refusal for good (<see cref="MailRejectedException"/>, or the recipient
/// listed as refused while the others get the message); a 4xx reply, a lost connection or a timeout is left for a later
/// try, and so is a 5xx reply to the sign-in or to our sender address (530 authentication required, 553 sender not
/// allowed): those are this server's settings, wrong for every message alike, and the messages must wait for an admin
/// to fix them, not be given up.
/// </summary>
public sealed class SmtpSender(SmtpOptions options) : IMailSender
{
    public IMailSession OpenSession() => new Session(options);

    private sealed class Session(SmtpOptions options) : IMailSession
    {
        private RefusalAwareSmtpClient? _client;

        public async Task<IReadOnlyList<RefusedRecipient>> SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default)
        {
            var client = await ConnectedAsync(ct);
            client.Refused.Clear();
            try
            {
                using var stream = new MemoryStream(message.ToArray(), writable: false);
                using var mime = await MimeMessage.LoadAsync(stream, ct);
                await client.SendAsync(mime, MailboxAddress.Parse(from), recipients.Select(MailboxAddress.Parse), ct);
                return [.. client.Refused];
            }
            catch (SmtpCommandException ex) when (ex.ErrorCode == SmtpErrorCode.MessageNotAccepted && (int)ex.StatusCode >= 500)
            {
                await DropAsync();
                throw new MailRejectedException($"{(int)ex.StatusCode} {ex.Message.Trim()}", []);
            }
            catch (SmtpCommandException ex)
            {
                await DropAsync();
                throw new SmtpReplyException($"{(int)ex.StatusCode} {ex.Message.Trim()}", ex);
            }
            catch (Exception ex) when (ex is not MailRejectedException)
            {
                await DropAsync();
                throw;
            }
        }

        private async Task<RefusalAwareSmtpClient> ConnectedAsync(CancellationToken ct)
        {
            if (_client is { IsConnected: true })
            {
                return _client;
            }

            await DropAsync();
            var client = new RefusalAwareSmtpClient { Timeout = options.TimeoutSeconds * 1000 };
            if (!options.ValidateCertificate)
            {
                client.ServerCertificateValidationCallback = (_, _, _, _) => true;
            }

            try
            {
                await client.ConnectAsync(options.Host!, options.Port, options.Security switch
                {
                    SmtpSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
                    SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                    _ => SecureSocketOptions.None,
                }, ct);
                if (!string.IsNullOrEmpty(options.UserName))
                {
                    await client.AuthenticateAsync(options.UserName, options.Password ?? string.Empty, ct);
                }
            }
            catch
            {
                client.Dispose();
                throw;
            }

            _client = client;
            return client;
        }

        private async Task DropAsync()
        {
            if (_client is null)
            {
                return;
            }

            try
            {
                if (_client.IsConnected)
                {
                    using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _client.DisconnectAsync(quit: true, quick.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or MailKit.ServiceNotConnectedException or SmtpProtocolException or SmtpCommandException)
            {
                // Closing a connection that is already broken: nothing to keep.
            }
            finally
            {
                _client.Dispose();
                _client = null;
            }
        }

        public async ValueTask DisposeAsync() => await DropAsync();
    }

    /// <summary>
    /// Lists a recipient refused with a 5xx reply and goes on with the others; a 4xx reply for a recipient stops the
    /// message (MailKit's default) so that it is tried again later for everyone, never sent twice to the others.
    /// </summary>
    private sealed class RefusalAwareSmtpClient : SmtpClient
    {
        public List<RefusedRecipient> Refused { get; } = [];

        protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response)
        {
            if ((int)response.StatusCode < 500)
            {
                base.OnRecipientNotAccepted(message, mailbox, response);
                return;
            }

            Refused.Add(new RefusedRecipient(mailbox.Address, $"{(int)response.StatusCode} {response.Response.Trim()}"));
        }

        protected override void OnNoRecipientsAccepted(MimeMessage message) =>
            throw new MailRejectedException(string.Join("; ", Refused.Select(r => $"{r.Address}: {r.Reply}")), [.. Refused]);
    }
}

/// <summary>An SMTP reply that leaves the message for a later try (a 4xx reply, or a refusal of the sign-in or the
/// sender), with the server's code and words.</summary>
public sealed class SmtpReplyException(string reply, Exception inner) : IOException(reply, inner);
