using System.Globalization;
using System.Text;
using Helpdesk.Core.Mail;

namespace Helpdesk.Infrastructure.Mail;

/// <summary>
/// Writes an outbox row as an RFC 5322 message: UTF-8 text in quoted-printable (RFC 2045), non-ASCII
/// header text as RFC 2047 encoded words, CRLF line endings, and for automatic mail the RFC 3834
/// <c>Auto-Submitted</c> header plus <c>X-Auto-Response-Suppress: All</c>; bulk mail with its one-click unsubscribe
/// headers (RFC 2369, RFC 8058).
/// </summary>
public sealed class MimeMessageWriter : IMessageWriter
{
    public byte[] Write(OutboxMessage message, string from, DateTimeOffset date)
    {
        var text = new StringBuilder();
        Header(text, "From", EncodeAddress(from));
        Header(text, "To", message.To);
        if (message.Cc is not null)
        {
            Header(text, "Cc", message.Cc);
        }

        Header(text, "Subject", EncodeWords(message.Subject));
        Header(text, "Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", string.Empty, StringComparison.Ordinal));
        Header(text, "Message-ID", message.MessageId);
        if (message.InReplyTo is not null)
        {
            Header(text, "In-Reply-To", message.InReplyTo);
        }

        if (message.References is not null)
        {
            Header(text, "References", message.References);
        }

        if (message.Automatic)
        {
            Header(text, "Auto-Submitted", message.Kind == OutboxKind.Acknowledgement ? "auto-replied" : "auto-generated");
            Header(text, "X-Auto-Response-Suppress", "All");
        }

        if (message.ListUnsubscribe is not null)
        {
            // RFC 2369 and RFC 8058: the provider's "unsubscribe" button POSTs List-Unsubscribe=One-Click to the URL.
            Header(text, "List-Unsubscribe", $"<{message.ListUnsubscribe}>");
            Header(text, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        Header(text, "MIME-Version", "1.0");
        Header(text, "Content-Type", "text/plain; charset=utf-8");
        Header(text, "Content-Transfer-Encoding", "quoted-printable");
        text.Append("\r\n");
        text.Append(QuotedPrintable(message.Body));
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static void Header(StringBuilder text, string name, string value) => text.Append(name).Append(": ").Append(value).Append("\r\n");

    /// <summary>"Name &lt;address&gt;" with the display name encoded when it is not plain ASCII.</summary>
    private static string EncodeAddress(string mailbox)
    {
        var open = mailbox.LastIndexOf('<');
        if (open <= 0)
        {
            return mailbox;
        }

        var name = mailbox[..open].Trim();
        var address = mailbox[open..];
        return IsPlain(name) ? $"\"{name.Replace("\"", string.Empty, StringComparison.Ordinal)}\" {address}" : $"{EncodeWords(name)} {address}";
    }

    /// <summary>RFC 2047 B encoding in chunks that keep each encoded word under 75 characters.</summary>
    internal static string EncodeWords(string value)
    {
        if (IsPlain(value) && value.Length <= 900)
        {
            return value;
        }

        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (Encoding.UTF8.GetByteCount(chunk.ToString() + rune) > 45)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }

            chunk.Append(rune.ToString());
        }

        if (chunk.Length > 0)
        {
            words.Add(Word(chunk.ToString()));
        }

        return string.Join("\r\n ", words);

        static string Word(string part) => $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(part))}?=";
    }

    private static bool IsPlain(string value) => value.All(c => c is >= ' ' and <= '~');

    /// <summary>Quoted-printable with soft line breaks at 76 characters and CRLF hard breaks.</summary>
    internal static string QuotedPrintable(string body)
    {
        var output = new StringBuilder();
        var lines = body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        foreach (var line in lines)
        {
            var encoded = new StringBuilder();
            var bytes = Encoding.UTF8.GetBytes(line);
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                var token = (b is >= 33 and <= 126 && b != '=') || (b is (byte)' ' or (byte)'\t' && !last)
                    ? ((char)b).ToString()
                    : $"={b:X2}";
                if (encoded.Length + token.Length > 75)
                {
                    output.Append(encoded).Append("=\r\n");
                    encoded.Clear();
                }

                encoded.Append(token);
            }

            output.Append(encoded).Append("\r\n");
        }

        return output.ToString();
    }
}
