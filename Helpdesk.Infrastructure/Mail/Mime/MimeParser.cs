namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>
/// Parses an RFC 5322 message with its MIME structure (RFC 2045–2049) from its raw bytes, CRLF or bare LF.
/// Made for the mail real mailers send: an mbox "From " line, headers without the blank line after them,
/// lines that are not headers, multiparts without a closing boundary or with junk after it, boundaries that
/// share a prefix, message/rfc822 parts (also base64-encoded ones), digests. It never throws on content.
/// Bounded by <see cref="MimeLimits"/>: nesting deeper than its depth is kept as undivided content, and parts past
/// its count are left out; <see cref="MimeMessage.Omitted"/> says what was. Each level reads its bytes once, so the
/// work is linear in the message's size (times the depth limit at most).
/// </summary>
public static class MimeParser
{
    public static MimeMessage Parse(byte[] data, MimeLimits? limits = null)
    {
        var state = new ParseState(limits ?? MimeLimits.Default);
        var message = new MimeMessage(ParseEntity(data, 0, data.Length, 0, message: true, defaultType: null, state));
        message.Omitted = state.Omitted();
        return message;
    }

    /// <summary>Only the header block of a message (for a message too large to parse whole), and where its body starts.</summary>
    public static (MimeHeaders Headers, int BodyStart) ParseHead(byte[] data) => ReadHeaders(data, 0, data.Length, message: true);

    /// <summary>The count of parts made so far and what was left out, for one message.</summary>
    private sealed class ParseState(MimeLimits limits)
    {
        public MimeLimits Limits { get; } = limits;

        public int Parts { get; set; }

        public int SkippedParts { get; set; }

        public bool TooDeep { get; set; }

        public IReadOnlyList<string> Omitted()
        {
            var omitted = new List<string>();
            if (SkippedParts > 0)
            {
                omitted.Add($"{SkippedParts} MIME part(s) past the limit of {Limits.MaxParts}");
            }

            if (TooDeep)
            {
                omitted.Add($"parts nested deeper than {Limits.MaxDepth} levels (kept undivided)");
            }

            return omitted;
        }
    }

    private static MimeEntity ParseEntity(byte[] data, int start, int end, int depth, bool message, string? defaultType, ParseState state)
    {
        var (headers, bodyStart) = ReadHeaders(data, start, end, message);
        if (defaultType is not null && !headers.Has("Content-Type"))
        {
            headers = new MimeHeaders([.. headers.Fields, new MimeHeader("Content-Type", defaultType)]);
        }

        var entity = new MimeEntity(headers, data, bodyStart, end - bodyStart);
        var container = entity.MediaType == "multipart" || (entity.MediaType == "message" && entity.MediaSubtype is "rfc822" or "global" or "news");
        if (depth >= state.Limits.MaxDepth)
        {
            state.TooDeep |= container;
            return entity;
        }

        if (entity.MediaType == "multipart" && entity.ContentTypeParameters.GetValueOrDefault("boundary") is { Length: > 0 } boundary)
        {
            Split(entity, data, bodyStart, end, boundary, depth, state);
        }
        else if (entity.MediaType == "message" && entity.MediaSubtype is "rfc822" or "global" or "news")
        {
            if (entity.TransferEncoding is "base64" or "quoted-printable")
            {
                var content = entity.Content();
                entity.Message = new MimeMessage(ParseEntity(content, 0, content.Length, depth + 1, message: true, defaultType: null, state));
            }
            else
            {
                entity.Message = new MimeMessage(ParseEntity(data, bodyStart, end, depth + 1, message: true, defaultType: null, state));
            }
        }

        return entity;
    }

    /// <summary>Reads the header block; returns the fields and where the body starts.</summary>
    private static (MimeHeaders Headers, int BodyStart) ReadHeaders(byte[] data, int start, int end, bool message)
    {
        var fields = new List<MimeHeader>();
        var pos = start;
        if (message && StartsWith(data, pos, end, "From "u8))
        {
            pos = NextLine(data, pos, end); // an mbox envelope line
        }

        string? name = null;
        var value = new List<byte>();

        void Commit()
        {
            if (name is not null)
            {
                fields.Add(new MimeHeader(name, Unfold(value)));
            }

            name = null;
            value.Clear();
        }

        while (pos < end)
        {
            var next = NextLine(data, pos, end);
            var lineEnd = LineContentEnd(data, pos, next);
            if (lineEnd == pos)
            {
                Commit();
                return (new MimeHeaders(fields), next); // the blank line: the body follows
            }

            if (data[pos] is (byte)' ' or (byte)'\t')
            {
                if (name is not null)
                {
                    value.AddRange(data.AsSpan(pos, lineEnd - pos));
                }

                pos = next;
                continue;
            }

            var colon = Array.IndexOf(data, (byte)':', pos, lineEnd - pos);
            if (colon > pos && IsFieldName(data, pos, colon))
            {
                Commit();
                name = Charsets.DecodeUnlabelled(data.AsSpan(pos, colon - pos)).TrimEnd();
                value.AddRange(data.AsSpan(colon + 1, lineEnd - colon - 1));
                pos = next;
                continue;
            }

            // Not a header line and no blank line before it: the body starts here.
            break;
        }

        Commit();
        return (new MimeHeaders(fields), pos);
    }

    private static void Split(MimeEntity entity, byte[] data, int bodyStart, int end, string boundary, int depth, ParseState state)
    {
        void Add(List<MimeEntity> parts, int from, int to)
        {
            if (state.Parts >= state.Limits.MaxParts)
            {
                state.SkippedParts++;
                return;
            }

            state.Parts++;
            parts.Add(ParseEntity(data, from, to, depth + 1, message: false, entity.MediaSubtype == "digest" ? "message/rfc822" : null, state));
        }

        // The boundary as given, a final space included: a line that lacks it is content (RFC 2046 §5.1.1).
        var delimiter = System.Text.Encoding.Latin1.GetBytes("--" + boundary);
        var parts = new List<MimeEntity>();
        var partStart = -1;
        var preambleEnd = -1;
        var epilogueStart = -1;
        var pos = bodyStart;
        while (pos < end)
        {
            var next = NextLine(data, pos, end);
            var lineEnd = LineContentEnd(data, pos, next);
            var kind = lineEnd - pos >= delimiter.Length && data.AsSpan(pos, delimiter.Length).SequenceEqual(delimiter)
                ? Kind(data.AsSpan(pos + delimiter.Length, lineEnd - pos - delimiter.Length))
                : BoundaryKind.None;
            if (kind != BoundaryKind.None)
            {
                // The line break before a boundary belongs to the boundary.
                var contentEnd = pos;
                if (contentEnd > bodyStart && data[contentEnd - 1] == '\n')
                {
                    contentEnd--;
                    if (contentEnd > bodyStart && data[contentEnd - 1] == '\r')
                    {
                        contentEnd--;
                    }
                }

                if (partStart >= 0)
                {
                    Add(parts, partStart, Math.Max(partStart, contentEnd));
                }
                else
                {
                    preambleEnd = contentEnd;
                }

                if (kind == BoundaryKind.Close)
                {
                    partStart = -1;
                    epilogueStart = next;
                    break;
                }

                partStart = next;
            }

            pos = next;
        }

        if (partStart >= 0 && partStart < end)
        {
            Add(parts, partStart, end); // no closing boundary
        }

        entity.Parts = parts;
        if (preambleEnd > bodyStart)
        {
            entity.Preamble = Charsets.DecodeUnlabelled(data.AsSpan(bodyStart, preambleEnd - bodyStart));
        }

        if (epilogueStart >= 0 && epilogueStart <= end)
        {
            entity.Epilogue = Charsets.DecodeUnlabelled(data.AsSpan(epilogueStart, end - epilogueStart));
        }
    }

    private enum BoundaryKind
    {
        None,
        Delimiter,
        Close,
    }

    /// <summary>
    /// What follows "--boundary" on its line: "--" closes; nothing, or whitespace (and whatever junk after it),
    /// delimits — the boundary need only begin the line (RFC 2046 §5.1.1). Anything else makes it a longer,
    /// different boundary (an inner part's "--boundary2"), so it is content here.
    /// </summary>
    private static BoundaryKind Kind(ReadOnlySpan<byte> rest) =>
        rest.StartsWith("--"u8) ? BoundaryKind.Close
        : rest.IsEmpty || rest[0] is (byte)' ' or (byte)'\t' ? BoundaryKind.Delimiter
        : BoundaryKind.None;

    private static bool IsFieldName(byte[] data, int start, int colon)
    {
        var end = colon;
        while (end > start && data[end - 1] is (byte)' ' or (byte)'\t')
        {
            end--; // obsolete syntax: whitespace before the colon
        }

        if (end == start)
        {
            return false;
        }

        for (var i = start; i < end; i++)
        {
            if (data[i] is < 33 or > 126)
            {
                return false;
            }
        }

        return true;
    }

    private static string Unfold(List<byte> value)
    {
        var text = Charsets.DecodeUnlabelled(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(value));
        return text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();
    }

    private static int NextLine(byte[] data, int pos, int end)
    {
        var newline = Array.IndexOf(data, (byte)'\n', pos, end - pos);
        return newline < 0 ? end : newline + 1;
    }

    /// <summary>Where a line's content ends (before its CRLF or LF).</summary>
    private static int LineContentEnd(byte[] data, int pos, int next)
    {
        var end = next;
        if (end > pos && data[end - 1] == '\n')
        {
            end--;
        }

        if (end > pos && data[end - 1] == '\r')
        {
            end--;
        }

        return end;
    }

    private static bool StartsWith(byte[] data, int pos, int end, ReadOnlySpan<byte> prefix) =>
        end - pos >= prefix.Length && data.AsSpan(pos, prefix.Length).SequenceEqual(prefix);
}

/// <summary>How much structure one message may have (<c>Intake:MaxMimeParts</c>, <c>Intake:MaxMimeDepth</c>).</summary>
public sealed record MimeLimits(int MaxParts = 1000, int MaxDepth = 32)
{
    public static MimeLimits Default { get; } = new();
}
