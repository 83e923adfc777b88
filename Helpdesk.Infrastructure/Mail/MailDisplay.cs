using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Helpdesk.Infrastructure.Mail;

/// <summary>
/// Makes received mail safe and readable in the conversation: HTML reduced to an allow-list of elements, attributes and
/// URL schemes by HtmlSanitizer (no script, style, event handler, form, frame or remote content — links stay, opened
/// outside; images only when they are attachments of the message), and the new text told apart from quoted history
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

    /// <summary>HtmlSanitizer set to this allow-list: the elements and attributes above (and images, with their
    /// <c>src</c>), links and images by http, https, mailto and cid only, no CSS, no classes, no data attributes.</summary>
    private static readonly Ganss.Xss.HtmlSanitizerOptions SanitizerOptions = new()
    {
        AllowedTags = new HashSet<string>(Elements.Append("img"), StringComparer.OrdinalIgnoreCase),
        AllowedAttributes = new HashSet<string>(Attributes.Append("src"), StringComparer.OrdinalIgnoreCase),
        AllowedSchemes = new HashSet<string>(["http", "https", "mailto", "cid"], StringComparer.OrdinalIgnoreCase),
        UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
        AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
        AllowedClasses = new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>
    /// An element outside the allow-list is taken out and its content kept in its place (a Word <c>&lt;o:p&gt;</c>, a
    /// <c>&lt;section&gt;</c>), except the elements whose content is code or chrome, which go with everything inside.
    /// </summary>
    private static Ganss.Xss.HtmlSanitizer Sanitizer()
    {
        var sanitizer = new Ganss.Xss.HtmlSanitizer(SanitizerOptions) { KeepChildNodes = true };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (Dropped.Contains(e.Tag.LocalName))
            {
                e.Tag.TextContent = string.Empty;
            }
        };
        return sanitizer;
    }

    /// <summary>Elements nested deeper than this are flattened into their ancestor at this depth (no mail needs more).</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The HTML body reduced to what is safe to show inside the app's page: HtmlSanitizer keeps the allow-list; then one
    /// pass (<see cref="CopyAllowed"/>) applies what is particular to a conversation inside this app. <paramref name="inlineImage"/> maps a
    /// <c>cid:</c> reference to the URL of that attachment (the message's own image); every other image goes.
    /// The result cannot change the page around it: list items only inside lists (a stray <c>&lt;li&gt;</c> would
    /// close the page's own), and a check that the page's parser reads it back as exactly this; when it does not,
    /// the text alone is shown.
    /// </summary>
    public static string SanitizeHtml(string html, Func<string, string?>? inlineImage = null)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument(html);
        if (document.Body is not { } body)
        {
            return string.Empty;
        }

        // The allow-list first (HtmlSanitizer), then the rules of showing mail inside this app's page.
        Sanitizer().SanitizeDom(document, body);
        var clean = parser.ParseDocument(string.Empty).Body!;
        CopyAllowed(body, clean, inlineImage);
        var safe = Serialize(clean).Trim();
        return StaysInside(safe) ? safe : System.Net.WebUtility.HtmlEncode(clean.TextContent.Trim());
    }

    /// <summary>
    /// HTML sanitised at intake with its inline images as <c>cid:</c> references, with each reference replaced by the
    /// URL <paramref name="url"/> gives (none: left as is, which the page's policy does not load). One pass: a
    /// serialised text node cannot hold <c>&lt;img</c>, nor an attribute value a bare quote, so each
    /// <c>&lt;img src="cid:</c> found is an image this app wrote.
    /// </summary>
    public static string ResolveInlineImages(string safeHtml, Func<string, string?> url)
    {
        const string Marker = "<img src=\"cid:";
        var at = safeHtml.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return safeHtml;
        }

        var result = new StringBuilder(safeHtml.Length);
        var from = 0;
        while (at >= 0)
        {
            var start = at + Marker.Length;
            var end = safeHtml.IndexOf('"', start);
            if (end < 0)
            {
                break;
            }

            var cid = System.Net.WebUtility.HtmlDecode(safeHtml[start..end]);
            result.Append(safeHtml, from, at - from).Append("<img src=\"");
            result.Append(url(cid) is { } resolved ? System.Net.WebUtility.HtmlEncode(resolved) : System.Net.WebUtility.HtmlEncode("cid:" + cid));
            from = end;
            at = safeHtml.IndexOf(Marker, end, StringComparison.Ordinal);
        }

        return result.Append(safeHtml, from, safeHtml.Length - from).ToString();
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
            && Serialize(container) == markup;
    }

    /// <summary>Elements that have no end tag and no content (HTML's void elements).</summary>
    private static readonly HashSet<string> Void = new(StringComparer.Ordinal)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
        "basefont", "bgsound", "frame", "keygen", "param",
    };

    /// <summary>
    /// The content of <paramref name="parent"/> as HTML (the HTML standard's fragment serialisation, with &lt; and
    /// &gt; escaped in attribute values too), leaving out elements <paramref name="skip"/> names. One walk over
    /// children by index: AngleSharp's own serialiser asks each node for its siblings, which is quadratic over
    /// many of them. Comments and raw-text elements do not occur here (the sanitiser drops them).
    /// </summary>
    private static string Serialize(INode parent, Func<IElement, bool>? skip = null)
    {
        var html = new StringBuilder();
        var stack = new Stack<(INode Node, bool Closing)>();
        void PushChildren(INode node)
        {
            var children = node.ChildNodes;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], false));
            }
        }

        PushChildren(parent);
        while (stack.TryPop(out var item))
        {
            var (node, closing) = item;
            if (node is IText text)
            {
                Escape(html, text.Data, attribute: false);
            }
            else if (node is IElement element && skip?.Invoke(element) != true)
            {
                var name = element.LocalName;
                if (closing)
                {
                    html.Append("</").Append(name).Append('>');
                    continue;
                }

                html.Append('<').Append(name);
                foreach (var attribute in element.Attributes)
                {
                    html.Append(' ').Append(attribute.Name).Append("=\"");
                    Escape(html, attribute.Value, attribute: true);
                    html.Append('"');
                }

                html.Append('>');
                if (Void.Contains(name))
                {
                    continue;
                }

                // The parser drops a line break right after <pre>: one more keeps a leading one.
                if (name is "pre" or "textarea" or "listing" && element.FirstChild is IText { Data: ['\n', ..] })
                {
                    html.Append('\n');
                }

                stack.Push((node, true));
                PushChildren(node);
            }
        }

        return html.ToString();
    }

    private static void Escape(StringBuilder html, string value, bool attribute)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&':
                    html.Append("&amp;");
                    break;
                case '\u00A0':
                    html.Append("&nbsp;");
                    break;
                case '<':
                    html.Append("&lt;");
                    break;
                case '>':
                    html.Append("&gt;");
                    break;
                case '"' when attribute:
                    html.Append("&quot;");
                    break;
                default:
                    html.Append(c);
                    break;
            }
        }
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
                // By index: AngleSharp finds a sibling by searching the parent's list, which is quadratic over many children.
                var children = node.ChildNodes;
                for (var i = children.Length - 1; i >= 0; i--)
                {
                    stack.Push((children[i], false));
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
    public static string NewHtml(string sanitizedHtml) =>
        Serialize(new HtmlParser().ParseDocument(sanitizedHtml).Body!, e => e.LocalName == "blockquote").Trim();

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
    /// <summary>
    /// A copy of <paramref name="source"/>'s content into <paramref name="target"/> (an element of a fresh document)
    /// after HtmlSanitizer kept the allow-list, checking it again as it goes (a second line, at no cost): one walk with an explicit stack, every node copied once and appended
    /// at the end of its new parent (never inserted among siblings), so the cost is linear whatever the nesting.
    /// Elements off the list or deeper than <see cref="MaxDepth"/> give their content to their parent; a list item,
    /// term or description outside its list becomes a div (in the page it would close the page's own list item).
    /// </summary>
    private static void CopyAllowed(IElement source, IElement target, Func<string, string?>? inlineImage)
    {
        var document = target.Owner!;
        var stack = new Stack<(INode Node, IElement Into, int Depth, string? List)>();
        var top = source.ChildNodes;
        for (var i = top.Length - 1; i >= 0; i--)
        {
            stack.Push((top[i], target, 0, null));
        }

        while (stack.TryPop(out var item))
        {
            var (node, into, depth, list) = item;
            if (node is IText text)
            {
                into.AppendChild(document.CreateTextNode(text.Data));
                continue;
            }

            if (node is not IElement element)
            {
                continue; // comments and the like
            }

            var name = element.LocalName;
            if (Dropped.Contains(name))
            {
                continue;
            }

            if (name == "img")
            {
                into.AppendChild(Image(element, document, inlineImage));
                continue;
            }

            var children = into;
            var childList = list;
            if (Elements.Contains(name) && depth < MaxDepth)
            {
                var strayItem = (name is "li" && list is not ("ul" or "ol")) || (name is "dt" or "dd" && list is not "dl");
                var copy = document.CreateElement(strayItem ? "div" : name);
                foreach (var attribute in element.Attributes)
                {
                    if (Attributes.Contains(attribute.Name) && (attribute.Name != "href" || SafeLink(attribute.Value)))
                    {
                        copy.SetAttribute(attribute.Name, attribute.Value);
                    }
                }

                if (name == "a" && copy.HasAttribute("href"))
                {
                    copy.SetAttribute("rel", "noopener noreferrer nofollow");
                    copy.SetAttribute("target", "_blank");
                }

                into.AppendChild(copy);
                children = copy;
                depth++;

                // Which list a list item is directly in: set by a list, cleared by anything else.
                childList = name is "ul" or "ol" or "dl" ? name : null;
            }

            // By index, never by sibling links: AngleSharp finds a sibling by searching the parent's list.
            var nodes = element.ChildNodes;
            for (var i = nodes.Length - 1; i >= 0; i--)
            {
                stack.Push((nodes[i], children, depth, childList));
            }
        }
    }

    private static INode Image(IElement image, IDocument document, Func<string, string?>? inlineImage)
    {
        var alt = image.GetAttribute("alt");
        var src = image.GetAttribute("src")?.Trim() ?? string.Empty;
        if (src.StartsWith("cid:", StringComparison.OrdinalIgnoreCase) && inlineImage?.Invoke(Uri.UnescapeDataString(src[4..]).Trim('<', '>')) is { } url)
        {
            var own = document.CreateElement("img");
            own.SetAttribute("src", url);
            own.SetAttribute("alt", string.IsNullOrWhiteSpace(alt) ? "inline image" : alt);
            own.SetAttribute("class", "inline-image");
            return own;
        }

        // No remote content: any other image becomes its description.
        return document.CreateTextNode(string.IsNullOrWhiteSpace(alt) ? "[image]" : $"[image: {alt}]");
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

    [GeneratedRegex(@"^(On|Am|Le|El|Il|Op)\s.{4,200}\s(wrote|schrieb|a écrit|escribió|ha scritto|schreef):?\s*$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: MatchTimeoutMs)]
    private static partial Regex WrotePattern();

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: MatchTimeoutMs)]
    private static partial Regex OriginalPattern();

    [GeneratedRegex(@"^(Sent|Date|Gesendet|Envoyé):", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: MatchTimeoutMs)]
    private static partial Regex SentPattern();
}
