namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>A parsed RFC 5322 message: its top entity and the fields and bodies an intake needs.</summary>
public sealed class MimeMessage(MimeEntity body)
{
    public MimeEntity Body { get; } = body;

    public MimeHeaders Headers => Body.Headers;

    /// <summary>What the parser left out to stay within its limits (past the part count, too deep), in words.</summary>
    public IReadOnlyList<string> Omitted { get; internal set; } = [];

    public string? Subject => Headers["Subject"] is { } subject ? Normalize(HeaderText.DecodeWords(subject)) : null;

    public IReadOnlyList<MailboxAddress> From => AddressParser.Parse(Headers["From"]);

    public IReadOnlyList<MailboxAddress> Sender => AddressParser.Parse(Headers["Sender"]);

    public IReadOnlyList<MailboxAddress> ReplyTo => AddressParser.Parse(Headers["Reply-To"]);

    public IReadOnlyList<MailboxAddress> To => AddressParser.Parse(string.Join(", ", Headers.All("To")));

    public IReadOnlyList<MailboxAddress> Cc => AddressParser.Parse(string.Join(", ", Headers.All("Cc")));

    public string? MessageId => MessageIds(Headers["Message-ID"]).FirstOrDefault();

    public IReadOnlyList<string> InReplyTo => MessageIds(Headers["In-Reply-To"]);

    public IReadOnlyList<string> References => MessageIds(Headers["References"]);

    public DateTimeOffset? Date => DateParser.Parse(Headers["Date"]);

    /// <summary>
    /// The main plain-text body: the first text/plain part that is not an attachment; when the message has
    /// none of its own, the first one inside a message it carries (a forward, a digest).
    /// </summary>
    public MimeEntity? TextPart => FindBody(Body, "plain", intoMessages: false) ?? FindBody(Body, "plain", intoMessages: true);

    /// <summary>The main HTML body, found the same way.</summary>
    public MimeEntity? HtmlPart => FindBody(Body, "html", intoMessages: false) ?? FindBody(Body, "html", intoMessages: true);

    public string? TextBody => TextPart?.Text();

    public string? HtmlBody => HtmlPart?.Text();

    /// <summary>
    /// The files: every leaf part with a file name (a named body part too, as mailers name some), and every
    /// unnamed part that is neither text nor a message. Parts of carried messages belong to those messages.
    /// </summary>
    public IReadOnlyList<MimeEntity> Attachments
    {
        get
        {
            var found = new List<MimeEntity>();
            Collect(Body, found, top: true, messages: false);
            return found;
        }
    }

    /// <summary>The message/rfc822 parts: forwarded or bounced messages, each a message of its own.</summary>
    public IReadOnlyList<MimeEntity> AttachedMessages
    {
        get
        {
            var found = new List<MimeEntity>();
            Collect(Body, found, top: true, messages: true);
            return found;
        }
    }

    private static void Collect(MimeEntity entity, List<MimeEntity> found, bool top, bool messages)
    {
        if (entity.Parts.Count > 0)
        {
            foreach (var part in entity.Parts)
            {
                Collect(part, found, top: false, messages);
            }

            return;
        }

        if (entity.Message is not null)
        {
            if (top)
            {
                // The whole message is a wrapper around another: what it carries is that message's.
                Collect(entity.Message.Body, found, top: true, messages);
            }
            else if (messages)
            {
                found.Add(entity);
            }

            return;
        }

        if (!messages && (entity.FileName is not null || (!top && entity.MediaType is not ("text" or "multipart"))))
        {
            found.Add(entity);
        }
    }

    private static MimeEntity? FindBody(MimeEntity entity, string subtype, bool intoMessages)
    {
        if (entity.Message is not null)
        {
            return intoMessages ? entity.Message.TextOrHtml(subtype) : null;
        }

        foreach (var part in entity.Parts)
        {
            if (FindBody(part, subtype, intoMessages) is { } found)
            {
                return found;
            }
        }

        return entity.Parts.Count == 0 && entity.MediaType == "text" && entity.MediaSubtype == subtype && entity.Disposition != "attachment" ? entity : null;
    }

    private MimeEntity? TextOrHtml(string subtype) => subtype == "plain" ? TextPart : HtmlPart;

    private static IReadOnlyList<string> MessageIds(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [];
        }

        var ids = new List<string>();
        var at = 0;
        while (true)
        {
            var open = header.IndexOf('<', at);
            if (open < 0)
            {
                break;
            }

            var close = header.IndexOf('>', open + 1);
            if (close < 0)
            {
                break;
            }

            var id = string.Concat(header[(open + 1)..close].Where(c => !char.IsWhiteSpace(c)));
            if (id.Length > 0)
            {
                ids.Add(id);
            }

            at = close + 1;
        }

        if (ids.Count == 0 && header.Trim() is { Length: > 0 } bare && !bare.Contains(' ', StringComparison.Ordinal))
        {
            ids.Add(bare); // An id without its brackets.
        }

        return ids;
    }

    private static string Normalize(string value) => value.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
}
