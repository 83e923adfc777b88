using System.Text;
using Helpdesk.Infrastructure.Mail.Mime;

namespace Helpdesk.Tests.Unit.Mail;

/// <summary>Small messages of our own for what the shared corpus has little or none of.</summary>
public sealed class MimeParserTests
{
    private static MimeMessage Parse(string text) => MimeParser.Parse(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void AdjacentEncodedWordsJoinWithoutTheSpaceBetweenThemEvenWhenACharacterIsSplitAcrossThem()
    {
        // "Café ☕" in UTF-8, the bytes of "é" split across two B-words, then a Q-word in Latin-1.
        var message = Parse("Subject: =?UTF-8?B?Q2Fmw6k=?= =?utf-8?b?IOKYlQ==?=\r\n =?iso-8859-1?q?_=E0_la_carte?= plain\r\n\r\nx");
        Assert.Equal("Café ☕ à la carte plain", message.Subject);

        var split = Parse("Subject: =?utf-8?B?w6k=?= =?utf-8?B?w6k=?=\r\n\r\nx");
        Assert.Equal("éé", split.Subject);
        var halves = Parse("Subject: =?utf-8?Q?Caf=C3?= =?utf-8?Q?=A9?=\r\n\r\nx");
        Assert.Equal("Café", halves.Subject);
    }

    [Fact]
    public void Rfc2231ContinuationsWithACharsetMakeTheFileName()
    {
        var message = Parse(
            "Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\nbody\n--b\n" +
            "Content-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=UTF-8''Rechnung%20f%C3%BCr;\n filename*1=\" M\u00e4rz.pdf\"\n" +
            "Content-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n");
        var attachment = Assert.Single(message.Attachments);
        Assert.Equal("Rechnung für März.pdf", attachment.FileName);
        Assert.Equal("%PDF-"u8.ToArray(), attachment.Content());
        Assert.Equal("body", message.TextBody);
    }

    [Fact]
    public void QuotedPrintableSoftBreaksAndBareLineFeedsAreRead()
    {
        var message = Parse("Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nGr=FC=DFe aus K=\n=F6ln   \n=3D ok =ZZ\n");
        Assert.Equal("Grüße aus Köln\n= ok =ZZ\n", message.TextBody);
    }

    [Fact]
    public void AHeaderBlockWithoutItsBlankLineEndsAtTheFirstLineThatIsNotAHeader()
    {
        var message = Parse("From: Ana <ana@acme.example>\nSubject: no gap\nThis line is the body.\nSecond line.\n");
        Assert.Equal("no gap", message.Subject);
        Assert.Equal("This line is the body.\nSecond line.\n", message.TextBody);
    }

    [Fact]
    public void AddressesWithGroupsCommentsQuotedNamesAndEncodedNamesAreRead()
    {
        var message = Parse(
            "From: \"Lima, Ana\" <ana@acme.example>\r\nTo: team: bo@acme.example, =?utf-8?q?Z=C3=B6e?= <zoe@acme.example>;, cy@acme.example (Cy Young)\r\n" +
            "Cc: <@relay.example:dee@acme.example>\r\n\r\nx");
        Assert.Equal(new MailboxAddress("Lima, Ana", "ana@acme.example"), message.From.Single());
        Assert.Equal(["bo@acme.example", "zoe@acme.example", "cy@acme.example"], message.To.Select(a => a.Address));
        Assert.Equal("Zöe", message.To[1].Name);
        Assert.Equal("Cy Young", message.To[2].Name);
        Assert.Equal("dee@acme.example", message.Cc.Single().Address);
    }

    [Fact]
    public void ThreadingHeadersAndDatesAreRead()
    {
        var message = Parse("Message-ID: <a1@x.example>\nIn-Reply-To: <b2@y.example>\nReferences: <c3@y.example>\n <b2@y.example>\nDate: Mon, 2 Mar 2026 09:15 +0100 (CET)\n\nx");
        Assert.Equal("a1@x.example", message.MessageId);
        Assert.Equal(["b2@y.example"], message.InReplyTo);
        Assert.Equal(["c3@y.example", "b2@y.example"], message.References);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 15, 0, TimeSpan.FromHours(1)), message.Date);
        Assert.Null(Parse("Date: yesterday\n\nx").Date);
    }

    [Fact]
    public void AMultipartWithoutItsClosingBoundaryKeepsItsLastPartAndBoundariesThatShareAPrefixAreTold()
    {
        var message = Parse(
            "Content-Type: multipart/mixed; boundary=\"abc\"\n\n--abc\nContent-Type: multipart/alternative; boundary=\"abcdef\"\n\n" +
            "--abcdef\nContent-Type: text/plain\n\nplain\n--abcdef\nContent-Type: text/html\n\n<p>html</p>\n--abcdef--\n" +
            "--abc\nContent-Type: image/png; name=dot.png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n");
        Assert.Equal("plain", message.TextBody);
        Assert.Equal("<p>html</p>", message.HtmlBody);
        Assert.Equal("dot.png", Assert.Single(message.Attachments).FileName);
    }

    [Fact]
    public void FlowedTextIsJoinedAndQuotedFlowedTextKeepsItsDepth()
    {
        var text = "This is a long \r\nline.\r\n> quoted \r\n> more\r\n-- \r\nSig\r\n";
        Assert.Equal("This is a long line.\n> quoted more\n-- \nSig\n", MimeEntity.Unflow(text, delSp: false));
        Assert.Equal("Joined\n", MimeEntity.Unflow("Join \r\ned\r\n", delSp: true));
    }

    [Fact]
    public void AForwardedMessageIsAnAttachedMessageWithItsOwnSubjectAndBody()
    {
        var message = Parse(
            "Subject: Fwd: hi\nContent-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nSee below.\n--z\n" +
            "Content-Type: message/rfc822\n\nSubject: hi\nFrom: a@b.example\n\nOriginal text\n--z--\n");
        Assert.Equal("See below.", message.TextBody);
        var forwarded = Assert.Single(message.AttachedMessages).Message!;
        Assert.Equal("hi", forwarded.Subject);
        Assert.Equal("Original text", forwarded.TextBody);
        Assert.Empty(message.Attachments);
    }

    [Fact]
    public void UnknownAndMislabelledCharsetsFallBackInsteadOfFailing()
    {
        Assert.Equal("naïve", Charsets.Decode("naïve"u8, "x-unknown"));
        Assert.Equal("naïve", Charsets.Decode("naïve"u8, "us-ascii"));
        Assert.Equal("€", Charsets.Decode([0x80], "us-ascii"));
        Assert.Equal("привет", Charsets.Decode(Encoding.GetEncoding("koi8-r").GetBytes("привет"), "KOI8-R"));
    }
}
