using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Helpdesk.Infrastructure.Mail.Mime;

namespace Helpdesk.Bench;

/// <summary>
/// The app's MIME parser beside MimeKit's on the same bytes:
/// <c>dotnet run -c Release --project bench/Helpdesk.Bench -- mime-compare --corpus ../shared/corpus/mail [--rounds 10]</c>.
/// Each round parses every corpus message and reads what the intake reads (subject, sender, recipients, text and HTML
/// bodies, attachments decoded), the two parsers in alternating rounds in one process after a warm-up of each; then
/// both are checked against the corpus's expected results (the same checks as the corpus test); then each parses one
/// message whose header holds 135 KB of encoded words, and the bytes it allocated are counted.
/// See docs/decisions/016-mail-on-mailkit.md.
/// </summary>
public static class ParserCompareBench
{
    private sealed record Fields(string? Subject, string? From, IReadOnlyList<string> To, string? Text, string? Html, IReadOnlyList<(string? Name, int Length)> Attachments);

    private static Fields Own(byte[] raw)
    {
        var m = MimeParser.Parse(raw);
        return new Fields(m.Subject, m.From.FirstOrDefault()?.Address, [.. m.To.Select(a => a.Address)], m.TextBody, m.HtmlBody,
            [.. m.Attachments.Select(a => (a.FileName, a.Content().Length))]);
    }

    private static Fields MimeKitParse(byte[] raw)
    {
        using var stream = new MemoryStream(raw, writable: false);
        using var m = MimeKit.MimeMessage.Load(stream);
        var attachments = new List<(string?, int)>();
        foreach (var part in m.Attachments.OfType<MimeKit.MimePart>())
        {
            using var content = new MemoryStream();
            part.Content?.DecodeTo(content);
            attachments.Add((part.FileName, (int)content.Length));
        }

        return new Fields(m.Subject, m.From.Mailboxes.FirstOrDefault()?.Address, [.. m.To.Mailboxes.Select(a => a.Address)], m.TextBody, m.HtmlBody, attachments);
    }

    public static int Run(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var folder = options.GetValueOrDefault("corpus", "../shared/corpus/mail");
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "10"), CultureInfo.InvariantCulture);
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("expected.json" or "SOURCES.md")).Order(StringComparer.Ordinal).ToList();
        var messages = files.Select(File.ReadAllBytes).ToList();
        var bytes = messages.Sum(m => (long)m.Length);

        // Messages either parser cannot read at all are counted, and left out of the timing for both.
        var readable = messages.Where(m => Try(Own, m) && Try(MimeKitParse, m)).ToList();
        Console.WriteLine($"{messages.Count} messages ({bytes / 1_048_576.0:N2} MB); {messages.Count - readable.Count} left out of the timing because one parser threw on them.");

        double Round(Func<byte[], Fields> parse)
        {
            var watch = Stopwatch.StartNew();
            foreach (var raw in readable)
            {
                _ = parse(raw);
            }

            return watch.Elapsed.TotalMilliseconds;
        }

        Round(Own);
        Round(MimeKitParse);
        var own = new List<double>();
        var mimeKit = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            own.Add(Round(Own));
            mimeKit.Add(Round(MimeKitParse));
        }

        own.Sort();
        mimeKit.Sort();
        Console.WriteLine($"A round ({readable.Count} messages), median of {rounds}: own parser {own[rounds / 2]:N1} ms, MimeKit {mimeKit[rounds / 2]:N1} ms ({mimeKit[rounds / 2] / own[rounds / 2]:N2}x the own parser's time).");

        foreach (var (name, parse) in new (string, Func<byte[], Fields>)[] { ("own parser", Own), ("MimeKit", MimeKitParse) })
        {
            var (checks, agree) = Agreement(folder, parse);
            Console.WriteLine($"Expected results, {name}: {agree} of {checks} checks agree ({agree / (double)checks:P1}).");
        }

        var bomb = HeaderBomb();
        foreach (var (name, parse) in new (string, Func<byte[], Fields>)[] { ("own parser", Own), ("MimeKit", MimeKitParse) })
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            _ = parse(bomb);
            Console.WriteLine($"A {bomb.Length / 1024} KB header of encoded words, {name}: {(GC.GetAllocatedBytesForCurrentThread() - before) / 1_048_576.0:N1} MiB allocated, {watch.Elapsed.TotalMilliseconds:N0} ms.");
        }

        return 0;
    }

    private static bool Try(Func<byte[], Fields> parse, byte[] raw)
    {
        try
        {
            parse(raw);
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>A Subject of 135 KB of short encoded words.</summary>
    private static byte[] HeaderBomb()
    {
        var subject = new StringBuilder("Subject:");
        while (subject.Length < 135 * 1024)
        {
            subject.Append(" =?utf-8?q?a?=");
        }

        return Encoding.ASCII.GetBytes($"From: a@b.example\r\n{subject}\r\n\r\nbody\r\n");
    }

    /// <summary>The corpus test's checks (subject, sender, recipients, bodies, attachment names) for one parser.</summary>
    private static (int Checks, int Agree) Agreement(string folder, Func<byte[], Fields> parse)
    {
        var checks = 0;
        var agree = 0;
        void Check(bool ok)
        {
            checks++;
            agree += ok ? 1 : 0;
        }

        static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        static string Lines(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

        foreach (var expectedFile in Directory.EnumerateFiles(folder, "expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = Path.GetDirectoryName(expectedFile)!;
            using var json = JsonDocument.Parse(File.ReadAllBytes(expectedFile));
            foreach (var entry in json.RootElement.EnumerateArray())
            {
                Fields? m;
                try
                {
                    m = parse(File.ReadAllBytes(Path.Combine(source, entry.GetProperty("file").GetString()!)));
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    m = null;
                }

                if (entry.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String)
                {
                    Check(m?.Subject == subject.GetString());
                }

                if (entry.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String)
                {
                    Check(string.Equals(m?.From, from.GetString(), StringComparison.OrdinalIgnoreCase));
                }

                if (entry.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array)
                {
                    Check(m is not null && to.EnumerateArray().Select(a => a.GetString()!.ToLowerInvariant()).SequenceEqual(m.To.Select(a => a.ToLowerInvariant())));
                }

                if (entry.TryGetProperty("html_contains", out var html) && html.ValueKind == JsonValueKind.String)
                {
                    Check(Squash(m?.Html ?? string.Empty).Contains(Squash(html.GetString()!), StringComparison.Ordinal));
                }

                if (entry.TryGetProperty("text_body_equals", out var textEquals) && textEquals.ValueKind == JsonValueKind.String)
                {
                    Check(Lines(m?.Text ?? string.Empty) == Lines(textEquals.GetString()!));
                }

                if (entry.TryGetProperty("text_contains", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    Check(Squash(m?.Text ?? string.Empty).Contains(Squash(text.GetString()!), StringComparison.Ordinal));
                }

                if (entry.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
                {
                    Check(m is not null && attachments.EnumerateArray().Select(a => a.GetString()!).Order(StringComparer.Ordinal)
                        .SequenceEqual(m.Attachments.Select(a => a.Name).OfType<string>().Order(StringComparer.Ordinal)));
                }
            }
        }

        return (checks, agree);
    }
}
