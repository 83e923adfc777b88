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

    [Fact]
    public void PartsPastTheLimitAndNestingPastTheDepthAreLeftOutAndSaid()
    {
        var many = new System.Text.StringBuilder("Content-Type: multipart/mixed; boundary=b\n\n");
        for (var i = 0; i < 50; i++)
        {
            many.Append("--b\nContent-Type: text/plain\n\npart\n");
        }

        many.Append("--b--\n");
        var parsed = MimeParser.Parse(System.Text.Encoding.ASCII.GetBytes(many.ToString()), new MimeLimits(MaxParts: 10, MaxDepth: 32));
        Assert.Equal(10, parsed.Body.Parts.Count);
        Assert.Equal(["40 MIME part(s) past the limit of 10"], parsed.Omitted);

        var nested = new System.Text.StringBuilder();
        for (var i = 0; i < 10; i++)
        {
            nested.Append(System.Globalization.CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary=n{i}\n\n--n{i}\n");
        }

        var deep = MimeParser.Parse(System.Text.Encoding.ASCII.GetBytes(nested + "Content-Type: text/plain\n\ndeep\n"), new MimeLimits(MaxParts: 1000, MaxDepth: 4));
        Assert.Equal(["parts nested deeper than 4 levels (kept undivided)"], deep.Omitted);
    }

    [Fact(Timeout = 60_000)] // a hang guard: one pass takes milliseconds, the quadratic search took minutes
    public async Task EncodedWordsAreDecodedInOnePassWhateverTheSubjectHolds()
    {
        // "=?a?Q?x" without an end, a hundred thousand times: each start once looked for its end through the rest.
        var hostile = string.Concat(Enumerable.Repeat("=?a?Q?x", 100_000));
        Assert.Equal(hostile, await Task.Run(() => HeaderText.DecodeWords(hostile)));

        Assert.Equal("Zwölf Äpfel", HeaderText.DecodeWords("=?utf-8?q?Zw=C3=B6lf_?= =?iso-8859-1?b?xHBmZWw=?="));
        Assert.Equal("a =?x?Q?unfinished", HeaderText.DecodeWords("a =?x?Q?unfinished"));
    }

    [Theory]
    [InlineData("<html><head><meta charset=\"iso-8859-1\"></head><body>Caf\u00e9</body></html>")]
    [InlineData("<HTML><HEAD><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=windows-1252\"></HEAD><BODY>Caf\u00e9</BODY></HTML>")]
    [InlineData("<meta charset='latin1'>Caf\u00e9")]
    public void AnHtmlPartWithoutACharsetTakesItFromItsOwnMetaAsBrowsersDo(string html)
    {
        // The bytes are Latin-1 (é is one byte, 0xE9): read as UTF-8 they would not decode.
        var bytes = Encoding.ASCII.GetBytes("From: a@b.example\r\nContent-Type: text/html\r\n\r\n").Concat(Encoding.Latin1.GetBytes(html)).ToArray();

        var message = MimeParser.Parse(bytes);

        Assert.Contains("Caf\u00e9", message.HtmlBody);
        Assert.Null(Charsets.FromHtmlMeta(Encoding.ASCII.GetBytes(new string(' ', 1100) + "<meta charset=\"iso-8859-1\">")));
        Assert.Equal("utf-8", Charsets.FromHtmlMeta("<meta charset=\"UTF-16LE\">"u8));
    }
}
