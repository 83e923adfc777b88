using System.Text;

namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>
/// Text from bytes in a named charset, the way mail needs it: legacy code pages (Windows, ISO-8859, Shift_JIS,
/// ISO-2022-JP, KOI8-R, Big5 …), common misspellings of their names, and a fallback for an unknown or wrong
/// label (UTF-8 when the bytes are valid UTF-8, else Windows-1252), so that no text is ever refused.
/// </summary>
public static class Charsets
{
    // First of the static fields: the code pages must be registered before any is looked up.
    private static readonly bool Registered = Register();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["utf8"] = "utf-8",
        ["unicode-1-1-utf-8"] = "utf-8",
        ["cp1252"] = "windows-1252",
        ["cp1251"] = "windows-1251",
        ["cp1250"] = "windows-1250",
        ["cp850"] = "ibm850",
        ["latin1"] = "iso-8859-1",
        ["latin-1"] = "iso-8859-1",
        ["iso8859-1"] = "iso-8859-1",
        ["iso-8859-8-i"] = "iso-8859-8",
        ["x-sjis"] = "shift_jis",
        ["sjis"] = "shift_jis",
        ["x-euc-jp"] = "euc-jp",
        ["ks_c_5601"] = "ks_c_5601-1987",
        ["x-mac-roman"] = "macintosh",
        ["ansi_x3.4-1968"] = "us-ascii",
        ["ascii"] = "us-ascii",
        ["gb2312"] = "gb18030",
        ["gbk"] = "gb18030",
        ["x-gbk"] = "gb18030",
    };

    public static Encoding Windows1252 { get; } = Registered ? Encoding.GetEncoding(1252) : Encoding.Latin1;

    /// <summary>The encoding for a charset label, or null when it names none we know.</summary>
    public static Encoding? Find(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        var name = charset.Trim().Trim('"', '\'').Trim();
        if (Aliases.TryGetValue(name, out var alias))
        {
            name = alias;
        }

        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            if (name.StartsWith("iso8859", StringComparison.OrdinalIgnoreCase) && name.Length > 7)
            {
                return Find("iso-8859-" + name[7..].TrimStart('-', '_'));
            }

            if (name.StartsWith("windows", StringComparison.OrdinalIgnoreCase) && int.TryParse(name[7..].TrimStart('-', '_'), out var page))
            {
                return Find("windows-" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            return null;
        }
    }

    /// <summary>
    /// Decodes bytes labelled with a charset. ASCII labels (and none) are read as UTF-8 when the bytes are
    /// valid UTF-8, since mailers send 8-bit text under them; what is invalid in its charset falls back.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        var encoding = Find(charset);
        if (encoding is null || encoding.CodePage is 20127 or 65001)
        {
            return DecodeUnlabelled(bytes);
        }

        return encoding.GetString(bytes);
    }

    private static bool Register()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return true;
    }

    /// <summary>UTF-8 if the bytes are valid UTF-8 (which includes plain ASCII), else Windows-1252.</summary>
    public static string DecodeUnlabelled(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }

    /// <summary>
    /// The charset an HTML document names for itself in its first 1,024 bytes (where the HTML standard's prescan looks):
    /// <c>&lt;meta charset="…"&gt;</c> or <c>&lt;meta http-equiv="Content-Type" content="text/html; charset=…"&gt;</c>;
    /// null when it names none. One pass over those bytes, no pattern matching; UTF-16 is read as UTF-8, as browsers do
    /// (the bytes are ASCII-compatible if the meta could be read at all).
    /// </summary>
    public static string? FromHtmlMeta(ReadOnlySpan<byte> html)
    {
        var head = html[..Math.Min(html.Length, 1024)];
        for (var at = IndexOfIgnoreCase(head, "<meta"u8); at >= 0; at = IndexOfIgnoreCase(head, "<meta"u8, at + 5))
        {
            var end = head[at..].IndexOf((byte)'>');
            var tag = end < 0 ? head[at..] : head.Slice(at, end);
            var name = IndexOfIgnoreCase(tag, "charset"u8);
            if (name < 0)
            {
                continue;
            }

            var i = name + 7;
            while (i < tag.Length && tag[i] is (byte)' ' or (byte)'\t')
            {
                i++;
            }

            if (i >= tag.Length || tag[i] != '=')
            {
                continue;
            }

            i++;
            while (i < tag.Length && tag[i] is (byte)' ' or (byte)'\t' or (byte)'"' or (byte)'\'')
            {
                i++;
            }

            var start = i;
            while (i < tag.Length && tag[i] is not ((byte)'"' or (byte)'\'' or (byte)' ' or (byte)';' or (byte)'/' or (byte)'\t'))
            {
                i++;
            }

            if (i > start && i - start <= 40)
            {
                var label = Encoding.ASCII.GetString(tag[start..i]);
                return label.StartsWith("utf-16", StringComparison.OrdinalIgnoreCase) ? "utf-8" : label;
            }
        }

        return null;
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> lowerNeedle, int from = 0)
    {
        for (var i = from; i <= text.Length - lowerNeedle.Length; i++)
        {
            var match = true;
            for (var j = 0; j < lowerNeedle.Length && match; j++)
            {
                var c = text[i + j];
                match = (c is >= (byte)'A' and <= (byte)'Z' ? (byte)(c + 32) : c) == lowerNeedle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
