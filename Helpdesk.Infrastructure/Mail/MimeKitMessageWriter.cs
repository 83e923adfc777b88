using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace Helpdesk.Infrastructure.Mail;

/// <summary>The <c>Mail:Dkim</c> section: sign outgoing mail with DKIM (RFC 6376) when all three are set.</summary>
public sealed class DkimOptions
{
    public const string Section = "Mail:Dkim";

    /// <summary>The signing domain (<c>d=</c>), normally the From address's domain.</summary>
    public string? Domain { get; set; }

    /// <summary>The selector (<c>s=</c>): the public key is published at <c>{Selector}._domainkey.{Domain}</c>.</summary>
    public string? Selector { get; set; }

    /// <summary>A PEM file with the RSA private key (PKCS#1 or PKCS#8), kept outside the repository.</summary>
    public string? PrivateKeyPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Domain) || !string.IsNullOrWhiteSpace(Selector) || !string.IsNullOrWhiteSpace(PrivateKeyPath);
}

/// <summary>Checks the <c>Mail:Dkim</c> section at start: all three or none, and a key that loads.</summary>
public sealed class DkimOptionsValidator : IValidateOptions<DkimOptions>
{
    public ValidateOptionsResult Validate(string? name, DkimOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        foreach (var (key, value) in new[] { ("Domain", options.Domain), ("Selector", options.Selector), ("PrivateKeyPath", options.PrivateKeyPath) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"Mail:Dkim:{key} is empty; DKIM signing needs Mail:Dkim:Domain, Mail:Dkim:Selector and Mail:Dkim:PrivateKeyPath (or none of them).");
            }
        }

        if (errors.Count == 0)
        {
            try
            {
                _ = new DkimSigner(options.PrivateKeyPath!, options.Domain!, options.Selector!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or ArgumentException or Org.BouncyCastle.Security.SecurityUtilityException or InvalidCastException)
            {
                errors.Add($"Mail:Dkim:PrivateKeyPath ({options.PrivateKeyPath}) cannot be read as an RSA private key in PEM: {ex.Message}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Writes an outbox row as an RFC 5322 message with MimeKit: UTF-8 text in quoted-printable, non-ASCII header text as
/// RFC 2047 encoded words, CRLF line endings; for automatic mail the RFC 3834 <c>Auto-Submitted</c> header plus
/// <c>X-Auto-Response-Suppress: All</c>; bulk mail with its one-click unsubscribe headers (RFC 2369, RFC 8058). With
/// <see cref="DkimOptions"/> set, the message is DKIM-signed (relaxed/relaxed, rsa-sha256) over the headers receivers
/// judge it by, and the bytes are final: every attempt sends them as they are.
/// </summary>
public sealed class MimeKitMessageWriter(MailIdentity identity, IOptions<DkimOptions> dkim) : IMessageWriter
{
    /// <summary>The headers the signature covers, those present in the message (signing an absent one would forbid a
    /// receiver's relay from adding it, which is not the point here).</summary>
    private static readonly string[] Signed =
        ["From", "To", "Cc", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "List-Unsubscribe", "List-Unsubscribe-Post", "Auto-Submitted", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"];

    private readonly DkimOptions _dkim = dkim.Value;

    public byte[] Write(OutboxMessage message, DateTimeOffset date)
    {
        using var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(identity.FromName, identity.FromAddress));
        mime.To.AddRange(InternetAddressList.Parse(message.To));
        if (message.Cc is not null)
        {
            mime.Cc.AddRange(InternetAddressList.Parse(message.Cc));
        }

        mime.Subject = message.Subject;
        mime.Date = date;
        mime.MessageId = MessageIds(message.MessageId).Single();
        if (message.InReplyTo is not null)
        {
            mime.InReplyTo = MessageIds(message.InReplyTo).FirstOrDefault();
        }

        if (message.References is not null)
        {
            mime.References.AddRange(MessageIds(message.References));
        }

        if (message.Automatic)
        {
            mime.Headers.Add("Auto-Submitted", message.Kind == OutboxKind.Acknowledgement ? "auto-replied" : "auto-generated");
            mime.Headers.Add("X-Auto-Response-Suppress", "All");
        }

        if (message.ListUnsubscribe is not null)
        {
            // RFC 2369 and RFC 8058: the provider's "unsubscribe" button POSTs List-Unsubscribe=One-Click to the URL.
            // A URL cannot be folded, so the header is written as it is (RFC 5322 allows lines up to 998 characters).
            mime.Headers.Add(new Header(HeaderId.ListUnsubscribe, $"<{message.ListUnsubscribe}>"));
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var text = Part("plain", message.Body);
        mime.Body = message.HtmlBody is { } html ? new MultipartAlternative { text, Part("html", html) } : text;

        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        mime.Prepare(EncodingConstraint.SevenBit);
        if (_dkim.Enabled)
        {
            var signer = new ClockedDkimSigner(_dkim.PrivateKeyPath!, _dkim.Domain!, _dkim.Selector!, date)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            signer.Sign(format, mime, [.. Signed.Where(h => mime.Headers.Contains(h))]);
        }

        using var output = new MemoryStream();
        mime.WriteTo(format, output);
        return output.ToArray();
    }

    /// <summary>The ids of a Message-ID, In-Reply-To or References value, without their angle brackets.</summary>
    /// <summary>A UTF-8 text part with CRLF line ends, quoted-printable (7-bit safe for any SMTP server and for DKIM).</summary>
    private static TextPart Part(string subtype, string content)
    {
        var part = new TextPart(subtype)
        {
            Text = content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal),
            ContentTransferEncoding = ContentEncoding.QuotedPrintable,
        };
        part.ContentType.Charset = "utf-8";
        return part;
    }

    private static IEnumerable<string> MessageIds(string value) => MimeKit.Utils.MimeUtils.EnumerateReferences(value);

    /// <summary>Dates its signature (<c>t=</c>) with the message's own date, from the app's clock.</summary>
    private sealed class ClockedDkimSigner(string key, string domain, string selector, DateTimeOffset date) : DkimSigner(key, domain, selector)
    {
        protected override long GetTimestamp() => date.ToUnixTimeSeconds();
    }
}
