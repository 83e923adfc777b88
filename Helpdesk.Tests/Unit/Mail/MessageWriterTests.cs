using System.Text;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Mail.Mime;
using Helpdesk.Tests.Support;

namespace Helpdesk.Tests.Unit.Mail;

/// <summary>Outgoing mail as MimeKit writes it, read back with the app's own parser (an independent reader).</summary>
public sealed class MessageWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly MailIdentity Identity = new("support@helpdesk.example", "Helpdesk Support", "https://help.example");

    private static (string Text, MimeMessage Parsed) Write(OutboxMessage message)
    {
        var bytes = TestMail.Writer(Identity).Write(message, At);
        return (Encoding.ASCII.GetString(bytes), MimeParser.Parse(bytes));
    }

    [Fact]
    public void AReplyHasThreadingHeadersAQuotedPrintableUtf8BodyAndCrlfLines()
    {
        var message = new OutboxMessage(OutboxKind.Reply, 42, "<abc@helpdesk.example>", "ana@acme.example", "Bea Ölz <bea@acme.example>", "[#42] Café order",
            "Olá Ana,\nthe invoice = fixed.\n.a line starting with a dot\n" + new string('x', 100), "<ticket-42@helpdesk.example>", "<ticket-42@helpdesk.example> <r1@helpdesk.example>", false, At);

        var (text, parsed) = Write(message);

        Assert.Equal(("Helpdesk Support", "support@helpdesk.example"), (parsed.From.Single().Name, parsed.From.Single().Address));
        Assert.Equal(["ana@acme.example"], parsed.To.Select(a => a.Address));
        Assert.Equal(("Bea Ölz", "bea@acme.example"), (parsed.Cc.Single().Name, parsed.Cc.Single().Address));
        Assert.Equal("[#42] Café order", parsed.Subject);
        Assert.Equal(At, parsed.Date);
        Assert.Equal("abc@helpdesk.example", parsed.MessageId);
        Assert.Equal(["ticket-42@helpdesk.example"], parsed.InReplyTo);
        Assert.Equal(["ticket-42@helpdesk.example", "r1@helpdesk.example"], parsed.References);
        Assert.Equal("quoted-printable", parsed.Body.TransferEncoding);
        Assert.Equal("utf-8", parsed.Body.Charset, ignoreCase: true);
        Assert.Equal("Olá Ana,\nthe invoice = fixed.\n.a line starting with a dot\n" + new string('x', 100), parsed.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        Assert.False(parsed.Headers.Has("Auto-Submitted"));
        Assert.False(parsed.Headers.Has("DKIM-Signature"));

        // Seven-bit, CRLF only, every line within RFC 5322's recommended 78 characters.
        Assert.All(text, c => Assert.True(c < 128));
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 78, line));
    }

    [Fact]
    public void AMessageWithHtmlIsMultipartAlternativeWithTheTextFirst()
    {
        var message = new OutboxMessage(OutboxKind.Reply, 42, "<abc@helpdesk.example>", "ana@acme.example", null, "[#42] Order",
            "Fixed, Ana.", "<ticket-42@helpdesk.example>", null, false, At, htmlBody: "<p>Fixed, <b>Ana</b>. Olá</p>");

        var (text, parsed) = Write(message);

        Assert.Equal(("multipart", "alternative"), (parsed.Body.MediaType, parsed.Body.MediaSubtype));
        Assert.Equal(["plain", "html"], parsed.Body.Parts.Select(p => p.MediaSubtype));
        Assert.Equal("Fixed, Ana.", parsed.TextBody!.TrimEnd());
        Assert.Equal("<p>Fixed, <b>Ana</b>. Olá</p>", parsed.HtmlBody!.TrimEnd());
        Assert.All(text, c => Assert.True(c < 128));
    }

    [Theory]
    [InlineData(OutboxKind.Acknowledgement, "auto-replied")]
    [InlineData(OutboxKind.Alert, "auto-generated")]
    [InlineData(OutboxKind.Notice, "auto-generated")]
    public void AutomaticMailCarriesTheRfc3834Headers(OutboxKind kind, string value)
    {
        var message = new OutboxMessage(kind, 1, "<m@h.example>", "a@b.example", null, "Hello", "Body", null, null, true, At);

        var (_, parsed) = Write(message);

        Assert.Equal(value, parsed.Headers["Auto-Submitted"]);
        Assert.Equal("All", parsed.Headers["X-Auto-Response-Suppress"]);
    }

    [Fact]
    public void BulkMailCarriesItsOneClickUnsubscribeHeadersAndOtherMailNone()
    {
        var url = "https://help.example/notices/unsubscribe?t=" + new string('A', 200);
        var notice = new OutboxMessage(OutboxKind.Notice, null, "<n@h.example>", "a@b.example", null, "[Investigating] Outage", "Body", null, null, true, At, url);

        var (text, parsed) = Write(notice);

        Assert.Equal($"<{url}>", parsed.Headers["List-Unsubscribe"]!.Trim());
        Assert.Equal("List-Unsubscribe=One-Click", parsed.Headers["List-Unsubscribe-Post"]);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 998, line)); // RFC 5322's hard limit: a URL cannot be folded
        Assert.False(Write(new OutboxMessage(OutboxKind.Reply, 1, "<r@h.example>", "a@b.example", null, "Re", "Body", null, null, false, At)).Parsed.Headers.Has("List-Unsubscribe"));
    }
}
