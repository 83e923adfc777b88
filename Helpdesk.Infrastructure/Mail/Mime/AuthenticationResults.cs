using System.Text;

namespace Helpdesk.Infrastructure.Mail.Mime;

/// <summary>
/// Reads the <c>Authentication-Results</c> header fields (RFC 8601) that the receiving mail server added, to tell
/// whether the sender's domain disowned the message. Only one field is believed: the one whose authserv-id is the
/// configured one, or, with none configured, the topmost (the receiving server adds its field above everything the
/// sender wrote). One pass over each field; comments are skipped, never parsed.
/// </summary>
public static class AuthenticationResults
{
    /// <summary>Fields longer than this are not read (a real one is well under a kilobyte).</summary>
    private const int MaxFieldLength = 8192;

    /// <summary>
    /// Why the message failed authentication where it was received, or null when it did not (or nothing says):
    /// <c>dmarc=fail</c>; or <c>spf=fail</c> with no <c>dkim=pass</c>.
    /// </summary>
    public static string? Failure(MimeHeaders headers, string? authServId)
    {
        string? field = null;
        foreach (var value in headers.All("Authentication-Results"))
        {
            if (string.IsNullOrWhiteSpace(authServId))
            {
                field = value;
                break;
            }

            var (id, _) = Parse(value);
            if (string.Equals(id, authServId.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                field = value;
                break;
            }
        }

        if (field is null)
        {
            return null;
        }

        var (_, results) = Parse(field);
        string? Result(string method) => results.FirstOrDefault(r => r.Method == method).Result;

        if (Result("dmarc") == "fail")
        {
            return "dmarc=fail";
        }

        if (Result("spf") == "fail" && !results.Any(r => r.Method == "dkim" && r.Result == "pass"))
        {
            return "spf=fail";
        }

        return null;
    }

    /// <summary>The authserv-id and each <c>method=result</c> of one field, method and result lower-case.</summary>
    public static (string Id, IReadOnlyList<(string Method, string Result)> Results) Parse(string value)
    {
        if (value.Length > MaxFieldLength)
        {
            return (string.Empty, []);
        }

        var clean = WithoutComments(value);
        var statements = clean.Split(';');
        var id = statements[0].Trim();
        var space = id.IndexOfAny([' ', '\t', '\r', '\n']);
        if (space >= 0)
        {
            id = id[..space]; // "example.org 1": the version follows the id
        }

        var results = new List<(string, string)>();
        foreach (var statement in statements.Skip(1))
        {
            var s = statement.Trim();
            var eq = s.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue; // "none"
            }

            var method = s[..eq].Trim();
            var slash = method.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                method = method[..slash]; // "dkim/1"
            }

            var rest = s[(eq + 1)..].TrimStart();
            var end = 0;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
            {
                end++;
            }

            results.Add((method.ToLowerInvariant(), rest[..end].ToLowerInvariant()));
        }

        return (id, results);
    }

    /// <summary>The field without its comments (parenthesised, nestable, with quoted-pairs) and quoted strings kept.</summary>
    private static string WithoutComments(string value)
    {
        var sb = new StringBuilder(value.Length);
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && (depth > 0 || quoted) && i + 1 < value.Length)
            {
                if (depth == 0)
                {
                    sb.Append(value[i + 1]);
                }

                i++;
                continue;
            }

            if (quoted)
            {
                quoted = c != '"';
                if (quoted)
                {
                    sb.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '(':
                    depth++;
                    break;
                case ')' when depth > 0:
                    depth--;
                    break;
                case '"' when depth == 0:
                    quoted = true;
                    break;
                default:
                    if (depth == 0)
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
