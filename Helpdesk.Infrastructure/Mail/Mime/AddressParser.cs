using System.Text;

namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>One mailbox of an address header: its addr-spec and display name (decoded), either may be empty.</summary>
public sealed record MailboxAddress(string? Name, string Address)
{
    public override string ToString() => string.IsNullOrEmpty(Name) ? Address : $"{Name} <{Address}>";
}

/// <summary>
/// RFC 5322 address lists (§3.4) as mailers really write them: display names with encoded words, quoted
/// strings, comments (also the old <c>a@b (Name)</c> form), groups (<c>team: a@b, c@d;</c>), source routes,
/// missing brackets and stray separators. Never throws; what is not an address is left out.
/// </summary>
public static class AddressParser
{
    public static IReadOnlyList<MailboxAddress> Parse(string? header)
    {
        var result = new List<MailboxAddress>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return result;
        }

        foreach (var entry in SplitTopLevel(header))
        {
            var mailbox = ParseMailbox(entry);
            if (mailbox is not null)
            {
                result.Add(mailbox);
            }
        }

        return result;
    }

    /// <summary>Splits at commas and group punctuation outside quotes, comments and angle brackets.</summary>
    private static List<string> SplitTopLevel(string header)
    {
        var entries = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var comment = 0;
        var angle = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (quoted)
            {
                current.Append(c);
                if (c == '\\' && i + 1 < header.Length)
                {
                    current.Append(header[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            if (comment > 0)
            {
                current.Append(c);
                if (c == '\\' && i + 1 < header.Length)
                {
                    current.Append(header[++i]);
                }
                else if (c == '(')
                {
                    comment++;
                }
                else if (c == ')')
                {
                    comment--;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    current.Append(c);
                    break;
                case '(':
                    comment = 1;
                    current.Append(c);
                    break;
                case '<':
                    angle = true;
                    current.Append(c);
                    break;
                case '>':
                    angle = false;
                    current.Append(c);
                    break;
                case ',' when !angle:
                case ';' when !angle:
                    entries.Add(current.ToString());
                    current.Clear();
                    break;
                case ':' when !angle && !current.ToString().Contains('@', StringComparison.Ordinal):
                    // "group name:" — the name is not a mailbox; its members follow.
                    current.Clear();
                    break;
                default:
                    current.Append(c);
                    break;
            }
        }

        entries.Add(current.ToString());
        return entries;
    }

    private static MailboxAddress? ParseMailbox(string entry)
    {
        var (text, comments) = StripComments(entry);
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var open = LastUnquoted(text, '<');
        if (open >= 0)
        {
            var close = text.IndexOf('>', open + 1);
            var inside = close < 0 ? text[(open + 1)..] : text[(open + 1)..close];

            // Source route "<@a.example,@b.example:user@c.example>": the mailbox is after the colon.
            var colon = inside.LastIndexOf(':');
            if (inside.StartsWith('@') && colon >= 0)
            {
                inside = inside[(colon + 1)..];
            }

            var address = Clean(inside);
            var name = DisplayName(text[..open]);
            if (string.IsNullOrEmpty(name) && comments.Count > 0)
            {
                name = DisplayName(comments[^1]);
            }

            return address.Length == 0 && string.IsNullOrEmpty(name) ? null : new MailboxAddress(NullIfEmpty(name), address);
        }

        var bare = Clean(text);
        if (bare.Length == 0)
        {
            return null;
        }

        // "a@b (Name)": the comment is the name.
        return new MailboxAddress(comments.Count > 0 ? NullIfEmpty(DisplayName(comments[^1])) : null, bare);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>An addr-spec without whitespace and quotes around the local part's pieces kept as they are.</summary>
    private static string Clean(string value)
    {
        var builder = new StringBuilder(value.Length);
        var quoted = false;
        foreach (var c in value.Trim())
        {
            if (c == '"')
            {
                quoted = !quoted;
                builder.Append(c);
            }
            else if (!char.IsWhiteSpace(c) || quoted)
            {
                builder.Append(c);
            }
        }

        var address = builder.ToString().Trim('<', '>', ',', ';');

        // "\"user\"@host" with a plain local part inside needs no quotes.
        var at = address.LastIndexOf('@');
        if (at > 1 && address[0] == '"' && address[at - 1] == '"' && !address[1..(at - 1)].Any(c => c is ' ' or '"' or '\\' or ',' or ';' or ':' or '<' or '>' or '@'))
        {
            address = address[1..(at - 1)] + address[at..];
        }

        return address;
    }

    private static string DisplayName(string phrase)
    {
        var text = phrase.Trim();
        var builder = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                var end = i + 1;
                var inner = new StringBuilder();
                while (end < text.Length && text[end] != '"')
                {
                    if (text[end] == '\\' && end + 1 < text.Length)
                    {
                        end++;
                    }

                    inner.Append(text[end]);
                    end++;
                }

                // Encoded words inside quotes are not standard, but common: decode them too.
                builder.Append(HeaderText.DecodeWords(inner.ToString()));
                i = end + 1;
                continue;
            }

            var next = text.IndexOf('"', i);
            var chunk = next < 0 ? text[i..] : text[i..next];
            builder.Append(HeaderText.DecodeWords(chunk));
            i = next < 0 ? text.Length : next;
        }

        return string.Join(' ', builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim();
    }

    private static int LastUnquoted(string text, char wanted)
    {
        var quoted = false;
        var found = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && quoted)
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && text[i] == wanted)
            {
                found = i;
            }
        }

        return found;
    }

    /// <summary>Text without its (nested) comments, and the comments' contents.</summary>
    private static (string Text, List<string> Comments) StripComments(string entry)
    {
        var text = new StringBuilder(entry.Length);
        var comments = new List<string>();
        var comment = new StringBuilder();
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < entry.Length; i++)
        {
            var c = entry[i];
            if (depth == 0)
            {
                if (c == '"')
                {
                    quoted = !quoted;
                }
                else if (c == '\\' && quoted && i + 1 < entry.Length)
                {
                    text.Append(c).Append(entry[++i]);
                    continue;
                }
                else if (c == '(' && !quoted)
                {
                    depth = 1;
                    continue;
                }

                text.Append(c);
                continue;
            }

            if (c == '\\' && i + 1 < entry.Length)
            {
                comment.Append(entry[++i]);
            }
            else if (c == '(')
            {
                depth++;
                comment.Append(c);
            }
            else if (c == ')')
            {
                depth--;
                if (depth == 0)
                {
                    comments.Add(comment.ToString());
                    comment.Clear();
                    text.Append(' ');
                }
                else
                {
                    comment.Append(c);
                }
            }
            else
            {
                comment.Append(c);
            }
        }

        return (text.ToString(), comments);
    }
}
