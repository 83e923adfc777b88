using System.Text;
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

    /// <summary>Elements nested deeper than this are flattened into their ancestor at this depth (no mail needs more).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The HTML body reduced to what is safe to show inside the app's page. <paramref name="inlineImage"/> maps a
    /// <c>cid:</c> reference to the URL of that attachment (the message's own image); every other image goes.
    /// The result cannot change the page around it: list items only inside lists (a stray <c>&lt;li&gt;</c> would
    /// close the page's own), and a check that the page's parser reads it back as exactly this; when it does not,
    /// the text alone is shown.
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
        var safe = body.InnerHtml.Trim();
        return StaysInside(safe) ? safe : System.Net.WebUtility.HtmlEncode(body.TextContent.Trim());
    }

    /// <summary>Whether the markup, placed where the conversation puts it (a list item of a list in a form), stays there unchanged.</summary>
    private static bool StaysInside(string markup)
    {
        var page = new HtmlParser().ParseDocument($"<form><ol><li><div id=\"m\">{markup}</div></li></ol></form><p id=\"after\"></p>");
        var container = page.GetElementById("m");
        return container is not null
            && page.QuerySelectorAll("li").Length == 1 + container.QuerySelectorAll("li").Length
            && container.ParentElement?.LocalName == "li"
            && page.Body!.LastElementChild?.Id == "after"
            && container.InnerHtml == markup;
    }

    /// <summary>
    /// Plain text of an HTML body, for a message that has no text part: the parser's text with a line break for each
    /// block and a blank line between paragraphs; script, style and head dropped. One walk, no recursion.
    /// </summary>
    public static string HtmlToText(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var text = new StringBuilder(Math.Min(html.Length, 1 << 20));
        var stack = new Stack<(INode Node, bool Closing)>();
        if (document.Body is { } root)
        {
            stack.Push((root, false));
        }

        while (stack.TryPop(out var item))
        {
            var (node, closing) = item;
            if (node is IElement element)
            {
                var name = element.LocalName;
                if (closing)
                {
                    if (Paragraphs.Contains(name))
                    {
                        Break(text, 2);
                    }
                    else if (Blocks.Contains(name))
                    {
                        Break(text, 1);
                    }

                    continue;
                }

                if (name is "script" or "style" or "head" or "title" or "template" or "noscript")
                {
                    continue;
                }

                if (name == "br")
                {
                    text.Append('\n');
                    continue;
                }

                if (name == "img" && element.GetAttribute("alt") is { Length: > 0 } alt)
                {
                    text.Append('[').Append(alt).Append(']');
                    continue;
                }

                if (Blocks.Contains(name) || Paragraphs.Contains(name))
                {
                    Break(text, 1);
                }

                stack.Push((node, true));
                for (var child = node.LastChild; child is not null; child = child.PreviousSibling)
                {
                    stack.Push((child, false));
                }
            }
            else if (node is IText t)
            {
                AppendCollapsed(text, t.Data);
            }
        }

        return Tidy(text.ToString());
    }

    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal) { "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl" };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "div", "li", "tr", "dt", "dd", "hr", "section", "article", "header", "footer", "address", "center" };

    /// <summary>Ends the current line (and leaves a blank one for <paramref name="lines"/> = 2), unless that is there already.</summary>
    private static void Break(StringBuilder text, int lines)
    {
        var have = 0;
        for (var i = text.Length - 1; i >= 0 && have < lines && text[i] == '\n'; i--)
        {
            have++;
        }

        if (text.Length > 0)
        {
            text.Append('\n', Math.Max(0, lines - have));
        }
    }

    /// <summary>HTML's white space rule: runs of spaces, tabs and line breaks count as one space.</summary>
    private static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n'))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }

    /// <summary>Trailing spaces off each line, at most one blank line in a row, no blank lines at either end.</summary>
    private static string Tidy(string text)
    {
        var result = new StringBuilder(text.Length);
        var blank = 0;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim(' ');
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (result.Length > 0)
            {
                result.Append('\n', blank > 0 ? 2 : 1);
            }

            result.Append(line);
            blank = 0;
        }

        return result.ToString();
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
    public static string NewText(string text) =>
        QuotedStart(text.Trim()) is int start ? text.Trim()[..start].TrimEnd() : text.Trim();

    /// <summary>
    /// Where the quoted history or signature begins in <paramref name="text"/>, or null when there is none (or
    /// nothing comes before it). One pass over the lines and one back: linear in the text's length.
    /// </summary>
    public static int? QuotedStart(string text)
    {
        var starts = new List<int>();
        for (var pos = 0; pos <= text.Length;)
        {
            starts.Add(pos);
            var newline = text.IndexOf('\n', pos);
            pos = newline < 0 ? text.Length + 1 : newline + 1;
        }

        string Line(int i)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] - 1 : text.Length;
            return text[starts[i]..end].TrimEnd('\r');
        }

        // quotedToEnd[i]: every line from i on is quoted ("&gt;") or blank.
        var quotedToEnd = new bool[starts.Count + 1];
        quotedToEnd[starts.Count] = true;
        for (var i = starts.Count - 1; i >= 0; i--)
        {
            var line = Line(i);
            quotedToEnd[i] = quotedToEnd[i + 1] && (line.StartsWith('>') || string.IsNullOrWhiteSpace(line));
        }

        for (var i = 0; i < starts.Count; i++)
        {
            var raw = Line(i);
            var line = raw.TrimEnd();
            var cut = line == "--" || raw == "-- "
                || (line.StartsWith('>') && quotedToEnd[i])
                || (line.Length <= 1000 && (WrotePattern().IsMatch(line) || OriginalPattern().IsMatch(line)))
                || (line.StartsWith("From:", StringComparison.OrdinalIgnoreCase)
                    && Enumerable.Range(i + 1, Math.Min(4, starts.Count - i - 1)).Any(j => SentPattern().IsMatch(Line(j))));
            if (cut)
            {
                return text[..starts[i]].TrimEnd().Length == 0 ? null : starts[i];
            }
        }

        return null;
    }

    /// <summary>
    /// One walk over the tree with a stack (deep nesting cannot exhaust the thread's stack): dropped elements go with
    /// their content, images become their description unless they are the message's own, elements outside the
    /// allow-list (and any deeper than <see cref="MaxDepth"/>) are unwrapped afterwards, outermost first, so every
    /// node moves at most once; stray list items become plain blocks.
    /// </summary>
    private static void Clean(IElement root, Func<string, string?>? inlineImage)
    {
        var unwrap = new List<IElement>();
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((root, 0));
        while (stack.TryPop(out var item))
        {
            var (element, depth) = item;
            foreach (var child in element.Children.ToList())
            {
                var name = child.LocalName;
                if (Dropped.Contains(name))
                {
                    child.Remove();
                    continue;
                }

                if (name == "img")
                {
                    child.Replace(Image(child, inlineImage));
                    continue;
                }

                if (!Elements.Contains(name) || depth >= MaxDepth)
                {
                    unwrap.Add(child);
                    stack.Push((child, depth));
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

                stack.Push((child, depth + 1));
            }
        }

        // Outermost first (the walk listed each wrapper before any inside it): a node moves up once, into an element that stays.
        foreach (var wrapper in unwrap)
        {
            if (wrapper.Parent is { } parent)
            {
                while (wrapper.FirstChild is { } node)
                {
                    parent.InsertBefore(node, wrapper);
                }

                wrapper.Remove();
            }
        }

        // A list item belongs in a list, a term or description in a description list; anywhere else the page's
        // parser would close the page's own list item around the message. Such an element becomes a div.
        foreach (var stray in root.QuerySelectorAll("li, dt, dd").Where(e => e.ParentElement?.LocalName is not ("ul" or "ol" or "dl")).ToList())
        {
            var block = stray.Owner!.CreateElement("div");
            while (stray.FirstChild is { } node)
            {
                block.AppendChild(node);
            }

            stray.Replace(block);
        }
    }

    private static INode Image(IElement image, Func<string, string?>? inlineImage)
    {
        var alt = image.GetAttribute("alt");
        var src = image.GetAttribute("src")?.Trim() ?? string.Empty;
        if (src.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) && inlineImage?.Invoke(Uri.UnescapeDataString(src[4..]).Trim('<', '>')) is { } url)
        {
            var own = image.Owner!.CreateElement("img");
            own.SetAttribute("src", url);
            own.SetAttribute("alt", string.IsNullOrWhiteSpace(alt) ? "inline image" : alt);
            own.SetAttribute("class", "inline-image");
            return own;
        }

        // No remote content: any other image becomes its description.
        return image.Owner!.CreateTextNode(string.IsNullOrWhiteSpace(alt) ? "[image]" : $"[image: {alt}]");
    }

    /// <summary>The patterns read what a stranger sent: bounded as written, and stopped if that ever fails.</summary>
    private const int MatchTimeoutMs = 1000;

    private static bool SafeLink(string href)
    {
        var value = href.Trim();
        return value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s.{4,200}\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef):?\s*$", RegexOptions.IgnoreCase, MatchTimeoutMs)]
    private static partial Regex WrotePattern();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}", RegexOptions.IgnoreCase, MatchTimeoutMs)]
    private static partial Regex OriginalPattern();

    [GeneratedRegex(@"^(Sent|Date|Gesendet|Envoyé):", RegexOptions.IgnoreCase, MatchTimeoutMs)]
    private static partial Regex SentPattern();
}
