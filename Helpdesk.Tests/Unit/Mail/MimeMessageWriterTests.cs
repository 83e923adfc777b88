using System.Text;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Mail;

namespace Helpdesk.Tests.Unit.Mail;

public sealed class MimeMessageWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static string Write(OutboxMessage message) =>
        Encoding.ASCII.GetString(new MimeMessageWriter().Write(message, "Helpdesk Support <support@helpdesk.example>", At));

    [Fact]
    public void AReplyHasThreadingHeadersAQuotedPrintableUtf8BodyAndCrlfLines()
    {
        var message = new OutboxMessage(OutboxKind.Reply, 42, "<abc@helpdesk.example>", "ana@acme.example", null, "[#42] Café order",
            "Olá Ana,\nthe invoice = fixed.\n" + new string('x', 100), "<ticket-42@helpdesk.example>", "<ticket-42@helpdesk.example>", false, At);

        var text = Write(message);

        Assert.Contains("From: \"Helpdesk Support\" <support@helpdesk.example>\r\n", text);
        Assert.Contains("To: ana@acme.example\r\n", text);
        Assert.Contains("Subject: =?utf-8?B?", text);
        Assert.Contains("Date: Mon, 02 Mar 2026 09:30:00 +0000\r\n", text);
        Assert.Contains("Message-ID: <abc@helpdesk.example>\r\n", text);
        Assert.Contains("In-Reply-To: <ticket-42@helpdesk.example>\r\n", text);
        Assert.Contains("References: <ticket-42@helpdesk.example>\r\n", text);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable\r\n", text);
        Assert.DoesNotContain("Auto-Submitted", text);
        Assert.Contains("Ol=C3=A1 Ana,\r\nthe invoice =3D fixed.\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", string.Empty, StringComparison.Ordinal));
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 78, line));

        var subject = text.Split("\r\n").First(l => l.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..];
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(subject["=?utf-8?B?".Length..^2]));
        Assert.Equal("[#42] Café order", decoded);
    }

    [Theory]
    [InlineData(OutboxKind.Acknowledgement, "auto-replied")]
    [InlineData(OutboxKind.Alert, "auto-generated")]
    [InlineData(OutboxKind.Notice, "auto-generated")]
    public void AutomaticMailCarriesTheRfc3834Headers(OutboxKind kind, string value)
    {
        var message = new OutboxMessage(kind, 1, "<m@h.example>", "a@b.example", null, "Hello", "Body", null, null, true, At);

        var text = Write(message);

        Assert.Contains($"Auto-Submitted: {value}\r\n", text);
        Assert.Contains("X-Auto-Response-Suppress: All\r\n", text);
    }

    [Fact]
    public void BulkMailCarriesItsOneClickUnsubscribeHeadersAndOtherMailNone()
    {
        var url = "https://help.example/notices/unsubscribe?t=" + new string('A', 200);
        var notice = new OutboxMessage(OutboxKind.Notice, null, "<n@h.example>", "a@b.example", null, "[Investigating] Outage", "Body", null, null, true, At, url);

        var text = Write(notice);

        Assert.Contains($"List-Unsubscribe: <{url}>\r\n", text);
        Assert.Contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", text);
        Assert.All(text.Split("\r\n"), line => Assert.True(line.Length <= 998, line)); // RFC 5322's hard limit: a URL cannot be folded
        Assert.DoesNotContain("List-Unsubscribe", Write(new OutboxMessage(OutboxKind.Reply, 1, "<r@h.example>", "a@b.example", null, "Re", "Body", null, null, false, At)));
    }
}
