namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>
/// Content-Transfer-Encoding decoders (RFC 2045 §6): base64 and quoted-printable, plus the x-uuencode that
/// old mailers still send. Lenient the way real mail needs: junk characters, missing padding, broken escapes
/// and bare LF line ends are read, never refused.
/// </summary>
public static class TransferEncodings
{
    private static readonly sbyte[] Base64Values = BuildBase64();

    public static byte[] Decode(ReadOnlySpan<byte> content, string? encoding) =>
        (encoding ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "base64" => Base64(content),
            "quoted-printable" => QuotedPrintable(content),
            "x-uuencode" or "uuencode" or "x-uue" => Uudecode(content) ?? content.ToArray(),
            _ => content.ToArray(),
        };

    public static byte[] Base64(ReadOnlySpan<byte> content)
    {
        var output = new byte[(content.Length * 3 / 4) + 3];
        var length = 0;
        var quantum = 0;
        var bits = 0;
        foreach (var c in content)
        {
            if (c == '=')
            {
                // Padding ends the data; what follows a padded quantum is junk (or a second, concatenated blob).
                if (bits > 0)
                {
                    break;
                }

                continue;
            }

            var value = c < 128 ? Base64Values[c] : (sbyte)-1;
            if (value < 0)
            {
                continue;
            }

            quantum = (quantum << 6) | (byte)value;
            bits += 6;
            if (bits >= 8)
            {
                bits -= 8;
                output[length++] = (byte)(quantum >> bits);
                quantum &= (1 << bits) - 1;
            }
        }

        return output[..length];
    }

    public static byte[] QuotedPrintable(ReadOnlySpan<byte> content)
    {
        var output = new byte[content.Length];
        var length = 0;
        var i = 0;
        while (i < content.Length)
        {
            var c = content[i];
            if (c == '=')
            {
                // Soft line break: "=" then optional whitespace then the line end.
                var j = i + 1;
                while (j < content.Length && content[j] is (byte)' ' or (byte)'\t')
                {
                    j++;
                }

                if (j < content.Length && content[j] == '\n')
                {
                    i = j + 1;
                    continue;
                }

                if (j + 1 < content.Length && content[j] == '\r' && content[j + 1] == '\n')
                {
                    i = j + 2;
                    continue;
                }

                if (j == content.Length)
                {
                    i = j;
                    continue;
                }

                if (Hex(content, i + 1) is int value)
                {
                    output[length++] = (byte)value;
                    i += 3;
                    continue;
                }

                // A broken escape is kept as it stands.
                output[length++] = c;
                i++;
                continue;
            }

            if (c is (byte)' ' or (byte)'\t')
            {
                // Trailing whitespace before a line end was added in transport (RFC 2045 §6.7 rule 3).
                var j = i;
                while (j < content.Length && content[j] is (byte)' ' or (byte)'\t')
                {
                    j++;
                }

                if (j == content.Length || content[j] == '\n' || (content[j] == '\r' && j + 1 < content.Length && content[j + 1] == '\n'))
                {
                    i = j;
                    continue;
                }
            }

            output[length++] = c;
            i++;
        }

        return output[..length];
    }

    /// <summary>The data of the first <c>begin … end</c> block, or null when there is none.</summary>
    public static byte[]? Uudecode(ReadOnlySpan<byte> content)
    {
        var lines = Lines(content);
        var start = lines.FindIndex(l => l.StartsWith("begin ", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        var output = new List<byte>();
        for (var i = start + 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.StartsWith("end", StringComparison.Ordinal) || line.Length == 0)
            {
                break;
            }

            var count = (line[0] - 32) & 63;
            var produced = 0;
            for (var p = 1; p + 3 < line.Length + 3 && produced < count; p += 4)
            {
                int Sextet(int k) => k < line.Length ? (line[k] - 32) & 63 : 0;
                var (a, b, c, d) = (Sextet(p), Sextet(p + 1), Sextet(p + 2), Sextet(p + 3));
                foreach (var value in new[] { (a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d })
                {
                    if (produced++ < count)
                    {
                        output.Add((byte)value);
                    }
                }
            }
        }

        return [.. output];
    }

    /// <summary>The file name on the first uuencode <c>begin</c> line, if any.</summary>
    public static string? UuencodedName(ReadOnlySpan<byte> content)
    {
        var begin = Lines(content).FirstOrDefault(l => l.StartsWith("begin ", StringComparison.Ordinal));
        var fields = begin?.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: 3 } ? fields[2].Trim() : null;
    }

    private static List<string> Lines(ReadOnlySpan<byte> content) =>
        [.. System.Text.Encoding.Latin1.GetString(content).Split('\n').Select(l => l.TrimEnd('\r'))];

    private static int? Hex(ReadOnlySpan<byte> content, int at)
    {
        if (at + 1 >= content.Length)
        {
            return null;
        }

        var high = HexDigit(content[at]);
        var low = HexDigit(content[at + 1]);
        return high < 0 || low < 0 ? null : (high << 4) | low;
    }

    private static int HexDigit(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => -1,
    };

    private static sbyte[] BuildBase64()
    {
        var table = new sbyte[128];
        Array.Fill(table, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (var i = 0; i < alphabet.Length; i++)
        {
            table[alphabet[i]] = (sbyte)i;
        }

        // The URL-safe alphabet too (RFC 4648 §5), which some generators use by mistake.
        table['-'] = 62;
        table['_'] = 63;
        return table;
    }
}
