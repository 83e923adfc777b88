using System.Text;

namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>
/// Header field values: RFC 2047 encoded words, and structured values with parameters (Content-Type,
/// Content-Disposition) including RFC 2231 continuations and charsets. Lenient: words glued to text, spaces
/// inside Q-encoded words, a multibyte character split across two words, unclosed quotes.
/// </summary>
public static class HeaderText
{
    /// <summary>Decodes the RFC 2047 encoded words in an unstructured value (Subject, a display name, a file name).</summary>
    public static string DecodeWords(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal))
        {
            return value;
        }

        var output = new StringBuilder(value.Length);
        var pendingBytes = new List<byte>();
        string? pendingCharset = null;
        var gap = new StringBuilder();
        var i = 0;
        var close = -2; // where the next "?=" is (-2: not looked for yet, -1: none left): each search starts past the last

        void Flush()
        {
            if (pendingBytes.Count > 0)
            {
                output.Append(Charsets.Decode(pendingBytes.ToArray(), pendingCharset));
                pendingBytes.Clear();
            }

            pendingCharset = null;
        }

        while (i < value.Length)
        {
            if (value[i] == '=' && i + 1 < value.Length && value[i + 1] == '?' && TryWord(value, i, ref close, out var word))
            {
                // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2); the bytes of
                // adjacent words in one charset are decoded together, as mailers split characters across them.
                if (pendingCharset is not null && !string.Equals(pendingCharset, word.Charset, StringComparison.OrdinalIgnoreCase))
                {
                    Flush();
                }

                gap.Clear();
                pendingCharset = word.Charset;
                pendingBytes.AddRange(word.Bytes);
                i = word.End;
                continue;
            }

            if (pendingCharset is not null)
            {
                if (char.IsWhiteSpace(value[i]))
                {
                    gap.Append(value[i]);
                    i++;
                    continue;
                }

                Flush();
                output.Append(gap);
                gap.Clear();
            }

            output.Append(value[i]);
            i++;
        }

        Flush();
        output.Append(gap);
        return output.ToString();
    }

    /// <summary>Longer than any charset name (with an RFC 2231 language): bounds the search for the "?" after it.</summary>
    private const int MaxCharsetLength = 80;

    private readonly record struct Word(string Charset, byte[] Bytes, int End);

    private static bool TryWord(string value, int start, ref int close, out Word word)
    {
        word = default;
        var charsetEnd = value.IndexOf('?', start + 2, Math.Min(MaxCharsetLength, value.Length - start - 2));
        if (charsetEnd < 0 || charsetEnd + 2 >= value.Length || value[charsetEnd + 2] != '?')
        {
            return false;
        }

        var charset = value[(start + 2)..charsetEnd];
        if (charset.Length == 0 || charset.Any(c => c is ' ' or '\t' or '='))
        {
            return false;
        }

        var star = charset.IndexOf('*', StringComparison.Ordinal);
        if (star >= 0)
        {
            charset = charset[..star]; // RFC 2231 §5: charset*language
        }

        var encoding = char.ToUpperInvariant(value[charsetEnd + 1]);
        if (encoding is not ('B' or 'Q'))
        {
            return false;
        }

        var textStart = charsetEnd + 3;
        if (close == -1)
        {
            return false;
        }

        if (close < textStart)
        {
            close = value.IndexOf("?=", textStart, StringComparison.Ordinal);
            if (close < 0)
            {
                close = -1;
                return false;
            }
        }

        var textEnd = close;

        var text = value[textStart..textEnd];
        var bytes = encoding == 'B'
            ? TransferEncodings.Base64(Encoding.Latin1.GetBytes(text))
            : QDecode(text);
        word = new Word(charset, bytes, textEnd + 2);
        return true;
    }

    private static byte[] QDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '_')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '=' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c < 256)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return [.. bytes];
    }

    /// <summary>
    /// Splits <c>value; name=value; name*=charset'lang'text; name*0="a"; name*1="b"</c> into its leading token
    /// (lower-cased) and its parameters (names lower-cased, RFC 2231 sections joined and decoded, RFC 2047
    /// words decoded as many mailers use them in file names).
    /// </summary>
    public static (string Value, Dictionary<string, string> Parameters) Parameters(string header)
    {
        var parts = SplitParameters(header);
        var head = parts.Count > 0 ? parts[0].Trim() : string.Empty;
        var raw = new List<(string Name, string Value, bool Quoted)>();
        foreach (var part in parts.Skip(1))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq].Trim().ToLowerInvariant();
            var text = part[(eq + 1)..].Trim();
            var quoted = text.StartsWith('"');
            raw.Add((name, quoted ? Unquote(text) : text, quoted));
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        // RFC 2231: name*N[*] sections in order; a trailing * means charset'language'percent-encoded.
        foreach (var group in raw.Where(r => r.Name.Contains('*', StringComparison.Ordinal)).GroupBy(r => r.Name.Split('*')[0]))
        {
            var sections = group.Select(r =>
            {
                var pieces = r.Name.Split('*');
                var index = pieces.Length > 1 && int.TryParse(pieces[1], out var n) ? n : 0;
                var encoded = r.Name.EndsWith('*');
                return (Index: index, Encoded: encoded, r.Value);
            }).OrderBy(s => s.Index).ToList();
            string? charset = null;
            var bytes = new List<byte>();
            var first = true;
            foreach (var section in sections)
            {
                var text = section.Value;
                if (section.Encoded && first)
                {
                    var quote1 = text.IndexOf('\'', StringComparison.Ordinal);
                    var quote2 = quote1 < 0 ? -1 : text.IndexOf('\'', quote1 + 1);
                    if (quote2 >= 0)
                    {
                        charset = text[..quote1];
                        text = text[(quote2 + 1)..];
                    }
                }

                first = false;
                bytes.AddRange(section.Encoded ? PercentDecode(text) : Encoding.UTF8.GetBytes(text));
            }

            result[group.Key] = Charsets.Decode(bytes.ToArray(), charset);
        }

        foreach (var (name, value, _) in raw.Where(r => !r.Name.Contains('*', StringComparison.Ordinal)))
        {
            // A plain parameter yields to its RFC 2231 form when a mailer sends both.
            result.TryAdd(name, DecodeWords(value));
        }

        return (head, result);
    }

    /// <summary>Removes the quotes and backslash escapes of a quoted string (an unclosed one runs to the end).</summary>
    public static string Unquote(string text)
    {
        if (!text.StartsWith('"'))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                output.Append(text[++i]);
            }
            else if (c == '"')
            {
                break;
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    private static List<string> SplitParameters(string header)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (quoted && c == '\\' && i + 1 < header.Length)
            {
                current.Append(c).Append(header[++i]);
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ';' && !quoted)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static byte[] PercentDecode(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && Uri.IsHexDigit(text[i + 1]) && Uri.IsHexDigit(text[i + 2]))
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return [.. bytes];
    }
}
