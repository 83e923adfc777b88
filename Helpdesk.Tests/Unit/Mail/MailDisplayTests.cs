using Helpdesk.Infrastructure.Mail;

namespace Helpdesk.Tests.Unit.Mail;

public sealed class MailDisplayTests
{
    [Fact]
    public void HtmlKeepsFormattingAndLinksAndLosesScriptsHandlersStylesFramesFormsAndRemoteImages()
    {
        var html = MailDisplay.SanitizeHtml(
            "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body onload=\"x()\">" +
            "<p style=\"color:red\" class=\"c\" onclick=\"steal()\">Hello <b>bold</b> <a href=\"javascript:alert(1)\">bad</a> " +
            "<a href=\"https://example.com/x\" onmouseover=\"y()\">good</a></p><img src=\"https://tracker.example/p.gif\" alt=\"logo\" onerror=\"z()\">" +
            "<iframe src=\"https://evil.example\"></iframe><form action=\"https://evil.example\"><input name=\"p\"></form><custom-tag>kept text</custom-tag>" +
            "<svg><script>alert(2)</script></svg><table><tr><td colspan=\"2\">cell</td></tr></table></body></html>");

        Assert.DoesNotContain("script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("alert", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
        Assert.DoesNotContain("style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("iframe", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<input", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tracker.example", html, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.Contains("<b>bold</b>", html);
        Assert.Contains("<a href=\"https://example.com/x\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">good</a>", html);
        Assert.Contains("<a>bad</a>", html);
        Assert.Contains("[image: logo]", html);
        Assert.Contains("kept text", html);
        Assert.Contains("<td colspan=\"2\">cell</td>", html);
    }

    [Fact]
    public void TheNewTextStopsAtTheQuotedHistoryOrTheSignature()
    {
        Assert.Equal("Thanks, that worked.", MailDisplay.NewText("Thanks, that worked.\r\n\r\nOn Mon, 2 Mar 2026 at 09:00, Support <support@x.example> wrote:\r\n> Try again.\r\n"));
        Assert.Equal("Still broken.", MailDisplay.NewText("Still broken.\n-- \nAna Lima\nACME\n"));
        Assert.Equal("See below", MailDisplay.NewText("See below\n\n-----Original Message-----\nFrom: x\nSent: today\n"));
        Assert.Equal("Hi\n\n> quoted in the middle\n\nMy answer", MailDisplay.NewText("Hi\n\n> quoted in the middle\n\nMy answer"));
        Assert.Equal("> only a quote", MailDisplay.NewText("> only a quote"));
    }

    [Fact]
    public void TheNewHtmlLeavesOutBlockquotes() =>
        Assert.Equal("<p>Fixed now.</p>", MailDisplay.NewHtml(MailDisplay.SanitizeHtml("<p>Fixed now.</p><blockquote><p>old</p></blockquote>")));

    [Fact]
    public void InlineImagesSanitisedAtIntakeAreResolvedWhenShownAndTextThatLooksLikeOneIsLeftAlone()
    {
        var safe = MailDisplay.SanitizeHtml(
            "<p>See <img src=\"cid:shot@x\" alt=\"the error\"> and &lt;img src=\"cid:shot@x\"&gt; <img src=\"cid:other\"></p>",
            cid => cid == "shot@x" ? "cid:" + cid : null);
        Assert.Equal("<p>See <img src=\"cid:shot@x\" alt=\"the error\" class=\"inline-image\"> and &lt;img src=\"cid:shot@x\"&gt; [image]</p>", safe);
        Assert.Equal(
            "<p>See <img src=\"/tickets/7/attachments/3/inline\" alt=\"the error\" class=\"inline-image\"> and &lt;img src=\"cid:shot@x\"&gt; [image]</p>",
            MailDisplay.ResolveInlineImages(safe, cid => cid == "shot@x" ? "/tickets/7/attachments/3/inline" : null));
    }
}
