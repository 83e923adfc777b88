namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>One header field: its name as written and its unfolded value (encoded words still encoded).</summary>
public sealed record MimeHeader(string Name, string Value);

/// <summary>A header block: fields in order, looked up by name without regard to case.</summary>
public sealed class MimeHeaders(IReadOnlyList<MimeHeader> fields)
{
    public IReadOnlyList<MimeHeader> Fields { get; } = fields;

    /// <summary>The first field of that name, or null.</summary>
    public string? this[string name] => Fields.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    public IEnumerable<string> All(string name) => Fields.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);

    public bool Has(string name) => Fields.Any(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A MIME entity (RFC 2045): headers, and either content (a leaf), parts (a multipart) or a message
/// (message/rfc822). Content stays transfer-encoded until asked for.
/// </summary>
public sealed class MimeEntity
{
    private readonly byte[] _source;
    private readonly int _start;
    private readonly int _length;

    internal MimeEntity(MimeHeaders headers, byte[] source, int start, int length)
    {
        Headers = headers;
        _source = source;
        _start = start;
        _length = length;

        var (type, parameters) = HeaderText.Parameters(headers["Content-Type"] ?? string.Empty);
        type = type.ToLowerInvariant().Trim();
        var slash = type.IndexOf('/', StringComparison.Ordinal);
        if (type.Length == 0)
        {
            (MediaType, MediaSubtype) = ("text", "plain");
        }
        else if (slash < 0)
        {
            // "Content-Type: text" and friends: the usual subtype of that type.
            (MediaType, MediaSubtype) = type switch
            {
                "text" => ("text", "plain"),
                "multipart" => ("multipart", "mixed"),
                "message" => ("message", "rfc822"),
                _ => ("application", "octet-stream"),
            };
        }
        else
        {
            (MediaType, MediaSubtype) = (type[..slash].Trim(), type[(slash + 1)..].Trim());
        }

        ContentTypeParameters = parameters;
        var (disposition, dispositionParameters) = HeaderText.Parameters(headers["Content-Disposition"] ?? string.Empty);
        Disposition = disposition.Length == 0 ? null : disposition.ToLowerInvariant();
        DispositionParameters = dispositionParameters;
        TransferEncoding = (headers["Content-Transfer-Encoding"] ?? string.Empty).Trim().ToLowerInvariant();
    }

    public MimeHeaders Headers { get; }

    public string MediaType { get; }

    public string MediaSubtype { get; }

    public string ContentType => $"{MediaType}/{MediaSubtype}";

    public IReadOnlyDictionary<string, string> ContentTypeParameters { get; }

    public string? Charset => ContentTypeParameters.GetValueOrDefault("charset");

    /// <summary>"inline", "attachment", another token, or null when there is no Content-Disposition.</summary>
    public string? Disposition { get; }

    public IReadOnlyDictionary<string, string> DispositionParameters { get; }

    public string TransferEncoding { get; }

    public string? ContentId => Headers["Content-ID"]?.Trim().Trim('<', '>').Trim() is { Length: > 0 } id ? id : null;

    /// <summary>The file name from Content-Disposition, else Content-Type's name, else a uuencode begin line.</summary>
    public string? FileName
    {
        get
        {
            var name = DispositionParameters.GetValueOrDefault("filename") ?? ContentTypeParameters.GetValueOrDefault("name");
            if (name is null && TransferEncoding.Contains("uu", StringComparison.Ordinal))
            {
                name = TransferEncodings.UuencodedName(RawContent.Span);
            }

            return string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        }
    }

    public bool IsMultipart => Parts.Count > 0 || MediaType == "multipart";

    /// <summary>The parts of a multipart, in order (empty for a leaf).</summary>
    public IReadOnlyList<MimeEntity> Parts { get; internal set; } = [];

    /// <summary>The message inside a message/rfc822 part.</summary>
    public MimeMessage? Message { get; internal set; }

    /// <summary>Text before the first boundary of a multipart.</summary>
    public string? Preamble { get; internal set; }

    /// <summary>Text after the closing boundary of a multipart.</summary>
    public string? Epilogue { get; internal set; }

    /// <summary>Marked as an attachment, or named without being marked inline.</summary>
    public bool IsAttachment => Disposition == "attachment" || (Disposition != "inline" && FileName is not null);

    /// <summary>The content as it stands in the message (still transfer-encoded).</summary>
    public ReadOnlyMemory<byte> RawContent => new(_source, _start, _length);

    /// <summary>The content with its transfer encoding undone.</summary>
    public byte[] Content() => TransferEncodings.Decode(RawContent.Span, TransferEncoding);

    /// <summary>The content as text in its charset (for text parts; HTML without one takes it from its own
    /// <c>&lt;meta&gt;</c>, as browsers do); format=flowed text unflowed (RFC 3676).</summary>
    public string Text()
    {
        var content = Content();
        var charset = Charset ?? (MediaType == "text" && MediaSubtype == "html" ? Charsets.FromHtmlMeta(content) : null);
        var text = Charsets.Decode(content, charset);
        return MediaType == "text" && MediaSubtype == "plain"
            && string.Equals(ContentTypeParameters.GetValueOrDefault("format"), "flowed", StringComparison.OrdinalIgnoreCase)
            ? Unflow(text, string.Equals(ContentTypeParameters.GetValueOrDefault("delsp"), "yes", StringComparison.OrdinalIgnoreCase))
            : text;
    }

    /// <summary>
    /// Joins flowed lines (RFC 3676 §4): a line ending in a space continues on the next line of the same
    /// quote depth; the stuffed space after the quote marks is removed; with DelSp=yes so is the soft space.
    /// The signature separator "-- " never flows.
    /// </summary>
    public static string Unflow(string text, bool delSp)
    {
        var output = new System.Text.StringBuilder(text.Length);
        var paragraph = new System.Text.StringBuilder();
        var paragraphDepth = -1;

        void EndParagraph()
        {
            if (paragraphDepth >= 0)
            {
                output.Append('>', paragraphDepth);
                if (paragraphDepth > 0 && paragraph.Length > 0)
                {
                    output.Append(' ');
                }

                output.Append(paragraph).Append('\n');
            }

            paragraph.Clear();
            paragraphDepth = -1;
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            var line = lines[i];
            var depth = 0;
            while (depth < line.Length && line[depth] == '>')
            {
                depth++;
            }

            line = line[depth..];
            if (line.StartsWith(' '))
            {
                line = line[1..]; // space-stuffing
            }

            if (paragraphDepth >= 0 && depth != paragraphDepth)
            {
                EndParagraph();
            }

            paragraphDepth = depth;
            var flowed = line.EndsWith(' ') && line != "-- ";
            paragraph.Append(flowed && delSp ? line[..^1] : line);
            if (!flowed)
            {
                EndParagraph();
            }
        }

        EndParagraph();
        return output.ToString();
    }
}
