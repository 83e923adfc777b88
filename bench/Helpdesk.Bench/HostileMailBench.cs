using System.Diagnostics;
using System.Globalization;
using System.Text;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Infrastructure.Mail.Mime;

namespace Helpdesk.Bench;

/// <summary>
/// <c>hostile [--kb 400]</c>: the intake's CPU work (parse, HTML to text, where the quote starts, HTML sanitised as
/// shown) on messages written to be slow, each against a harmless message of the same size; the median of 5 runs
/// after a warm-up. Linear work shows as hostile ≈ harmless.
/// </summary>
public static class HostileMailBench
{
    public static int Run(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var kb = int.Parse(options.GetValueOrDefault("kb", "400"), CultureInfo.InvariantCulture);
        var size = kb * 1024;

        static string Repeat(string unit, int size) => new StringBuilder(size + unit.Length).Insert(0, unit, size / unit.Length).ToString();
        static byte[] Html(string body) => Encoding.UTF8.GetBytes($"From: a@b.example\r\nSubject: x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        static byte[] Text(string body) => Encoding.UTF8.GetBytes($"From: a@b.example\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}");

        var parts = new StringBuilder("From: a@b.example\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        while (parts.Length < size)
        {
            parts.Append("--b\r\nContent-Type: text/plain; name=f.txt\r\n\r\nx\r\n");
        }

        var cases = new (string Name, Func<object> Hostile, Func<object> Harmless)[]
        {
            ("HTML of \"<script</\"", Prepare(Html(Repeat("<script</", size))), Prepare(Html(Repeat("<p>Hello there, friend.</p>\n", size)))),
            ("HTML of nested <div><li>", Prepare(Html(Repeat("<div><li>x", size))), Prepare(Html(Repeat("<p>Hello there.</p>", size)))),
            ("(AngleSharp's parse alone of the same)", () => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(Repeat("<div><li>x", size)), () => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(Repeat("<p>Hello there.</p>", size))),
            ("\">\" lines then text → quote split", () => MailDisplay.QuotedStart(Repeat(">\n", size) + "end") ?? 0, () => MailDisplay.QuotedStart(Repeat("Hello there.\n", size)) ?? 0),
            ("Subject of \"=?a?Q?x\" → decoded", () => HeaderText.DecodeWords(Repeat("=?a?Q?x", size)), () => HeaderText.DecodeWords(Repeat("Hello there ", size))),
            ("MIME of tiny parts → parsed (1000-part limit)", Prepare(Encoding.ASCII.GetBytes(parts.ToString())), Prepare(Text(Repeat("Hello there.\r\n", size)))),
        };

        Console.WriteLine($"| input ({kb} KB) | hostile | harmless |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, hostile, harmless) in cases)
        {
            Console.WriteLine($"| {name} | {Median(hostile):0.0} ms | {Median(harmless):0.0} ms |");
        }

        return 0;
    }

    /// <summary>What the intake does outside its transaction: parse, text, quote, HTML sanitised as shown and without quotes.</summary>
    private static Func<object> Prepare(byte[] raw) => () =>
    {
        var parsed = MimeParser.Parse(raw);
        var text = parsed.TextBody is { Length: > 0 } plain ? plain : MailDisplay.HtmlToText(parsed.HtmlBody ?? string.Empty);
        var safe = parsed.HtmlBody is { } html ? MailDisplay.SanitizeHtml(html) : string.Empty;
        return (text.Length, MailDisplay.QuotedStart(text), parsed.Attachments.Count, MailDisplay.NewHtml(safe).Length);
    };

    private static double Median(Func<object> work)
    {
        work();
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(work());
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[2];
    }
}
