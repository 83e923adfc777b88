using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Helpdesk.Infrastructure.Mail;

/// <summary>
/// Makes received mail safe and readable in the conversation: HTML reduced to an allow-list of elements and
/// attributes (no script, style, event handler, form, frame or remote content — links stay, opened outside;
/// images only when they are attachments of the message), and the new text told apart from quoted history
/// and signatures so the conversation can show it alone, with the whole message a click away.
/// </summary>
public static partial class MailDisplay
{
    private static readonly HashSet<string> Elements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "sub", "sup", "small", "big", "font",
        "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "a", "center",
    };

    /// <summary>Elements removed with everything inside them.</summary>
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
        "button", "select", "textarea", "svg", "math", "template", "noscript", "meta", "link", "base", "audio", "video", "canvas",
    };

    private static readonly HashSet<string> Attributes = new(StringComparer.OrdinalIgnoreCase) { "href", "title", "colspan", "rowspan", "alt", "dir", "lang" };

    /// <summary>
    /// The HTML body reduced to what is safe to show inside the app's page. <paramref name="inlineImage"/> maps a
    /// <c>cid:</c> reference to the URL of that attachment (the message's own image); every other image goes.
    /// </summary>
    public static string SanitizeHtml(string html, Func<string, string?>? inlineImage = null)
    {
        var document = new HtmlParser().ParseDocument(html);
        var body = document.Body;
        if (body is null)
        {
            return string.Empty;
        }

        Clean(body, inlineImage);
        return body.InnerHtml.Trim();
    }

    /// <summary>The HTML without quoted history (blockquotes, the usual reply wrappers) and without what follows it.</summary>
    public static string NewHtml(string sanitizedHtml)
    {
        var document = new HtmlParser().ParseDocument(sanitizedHtml);
        var body = document.Body!;
        foreach (var quote in body.QuerySelectorAll("blockquote").ToList())
        {
            quote.Remove();
        }

        return body.InnerHtml.Trim();
    }

    /// <summary>
    /// The text the customer wrote this time: up to the first "On … wrote:" / "-----Original Message-----" /
    /// Outlook "From: … Sent:" header block, a run of "&gt;" quoted lines, or the "-- " signature separator.
    /// When nothing of the kind is found, the whole text.
    /// </summary>
    public static string NewText(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var cut = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd();
            if (line == "--" || line == "-- " || lines[i] == "-- "
                || WrotePattern().IsMatch(line)
                || OriginalPattern().IsMatch(line)
                || (line.StartsWith("From:", StringComparison.OrdinalIgnoreCase) && lines.Skip(i + 1).Take(4).Any(l => SentPattern().IsMatch(l)))
                || (line.StartsWith('>') && lines.Skip(i).All(l => l.StartsWith('>') || string.IsNullOrWhiteSpace(l))))
            {
                cut = i;
                break;
            }
        }

        var kept = string.Join('\n', lines.Take(cut)).TrimEnd();
        return kept.Length == 0 ? text.Trim() : kept;
    }

    private static void Clean(IElement element, Func<string, string?>? inlineImage)
    {
        foreach (var child in element.Children.ToList())
        {
            var name = child.LocalName;
            if (Dropped.Contains(name))
            {
                child.Remove();
                continue;
            }

            Clean(child, inlineImage);
            if (name == "img")
            {
                var alt = child.GetAttribute("alt");
                var src = child.GetAttribute("src")?.Trim() ?? string.Empty;
                if (src.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) && inlineImage?.Invoke(Uri.UnescapeDataString(src[4..]).Trim('<', '>')) is { } url)
                {
                    var image = element.Owner!.CreateElement("img");
                    image.SetAttribute("src", url);
                    image.SetAttribute("alt", string.IsNullOrWhiteSpace(alt) ? "inline image" : alt);
                    image.SetAttribute("class", "inline-image");
                    child.Replace(image);
                    continue;
                }

                // No remote content: any other image becomes its description.
                child.Replace(element.Owner!.CreateTextNode(string.IsNullOrWhiteSpace(alt) ? "[image]" : $"[image: {alt}]"));
                continue;
            }

            if (!Elements.Contains(name))
            {
                // Unknown wrapper: keep its content, lose the element.
                foreach (var node in child.ChildNodes.ToList())
                {
                    element.InsertBefore(node, child);
                }

                child.Remove();
                continue;
            }

            foreach (var attribute in child.Attributes.ToList())
            {
                if (!Attributes.Contains(attribute.Name) || (attribute.Name == "href" && !SafeLink(attribute.Value)))
                {
                    child.RemoveAttribute(attribute.Name);
                }
            }

            if (name == "a" && child.HasAttribute("href"))
            {
                child.SetAttribute("rel", "noopener noreferrer nofollow");
                child.SetAttribute("target", "_blank");
            }
        }
    }

    private static bool SafeLink(string href)
    {
        var value = href.Trim();
        return value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s.{4,200}\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef):?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WrotePattern();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalPattern();

    [GeneratedRegex(@"^(Sent|Date|Gesendet|Envoyé):", RegexOptions.IgnoreCase)]
    private static partial Regex SentPattern();
}
