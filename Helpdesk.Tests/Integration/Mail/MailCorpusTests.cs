using System.Text.Json;
using Helpdesk.Infrastructure.Mail.Mime;
using Helpdesk.Tests.Support;
using Xunit.Abstractions;

namespace Helpdesk.Tests.Integration.Mail;

/// <summary>
/// The MIME parser over the shared corpus of real messages (<c>../shared/corpus/mail</c>, read in place): every
/// message parses, and the subject, first From address, main text and attachment names agree with the
/// expected results recorded from other parsers' test suites on at least 99 % of the checks.
/// </summary>
public sealed class MailCorpusTests(ITestOutputHelper output)
{
    public static string? CorpusFolder()
    {
        if (Environment.GetEnvironmentVariable("HELPDESK_MAIL_CORPUS") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Helpdesk.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus", "mail"));
                return Directory.Exists(corpus) ? corpus : null;
            }
        }

        return null;
    }

    private static string RequireCorpus()
    {
        var folder = CorpusFolder();
        ServiceRequirement.Require(folder is not null, "the mail corpus (../shared/corpus/mail beside the repository, or HELPDESK_MAIL_CORPUS)");
        return folder!;
    }

    [SkippableFact]
    public void EveryMessageInTheCorpusParsesWithoutAnException()
    {
        var folder = RequireCorpus();
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("expected.json" or "SOURCES.md")).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 300, $"only {files.Count} messages found in {folder}");
        var failures = new List<string>();
        foreach (var file in files)
        {
            try
            {
                var message = MimeParser.Parse(File.ReadAllBytes(file));
                _ = (message.Subject, message.From, message.To, message.Cc, message.MessageId, message.References, message.Date, message.TextBody, message.HtmlBody);
                foreach (var attachment in message.Attachments)
                {
                    _ = (attachment.FileName, attachment.Content().Length, attachment.Message?.Subject);
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{Path.GetRelativePath(folder, file)}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public void SubjectFromTextAndAttachmentNamesAgreeWithTheExpectedResultsOnAtLeast99Percent()
    {
        var folder = RequireCorpus();
        var checks = 0;
        var mismatches = new List<string>();
        foreach (var expectedFile in Directory.EnumerateFiles(folder, "expected.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var source = Path.GetDirectoryName(expectedFile)!;
            using var json = JsonDocument.Parse(File.ReadAllBytes(expectedFile));
            foreach (var entry in json.RootElement.EnumerateArray())
            {
                var name = entry.GetProperty("file").GetString()!;
                var path = Path.Combine(source, name);
                var label = $"{Path.GetFileName(source)}/{name}";
                var message = MimeParser.Parse(File.ReadAllBytes(path));

                void Check(string field, bool agrees, string detail)
                {
                    checks++;
                    if (!agrees)
                    {
                        mismatches.Add($"{label} {field}: {detail}");
                    }
                }

                if (entry.TryGetProperty("subject", out var subject) && subject.ValueKind == JsonValueKind.String)
                {
                    Check("subject", message.Subject == subject.GetString(), $"expected [{subject.GetString()}] got [{message.Subject}]");
                }

                if (entry.TryGetProperty("from", out var from) && from.ValueKind == JsonValueKind.String)
                {
                    var got = message.From.FirstOrDefault()?.Address;
                    Check("from", string.Equals(got, from.GetString(), StringComparison.OrdinalIgnoreCase), $"expected [{from.GetString()}] got [{got}]");
                }

                if (entry.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array)
                {
                    var wanted = to.EnumerateArray().Select(a => a.GetString()!.ToLowerInvariant()).ToList();
                    var got = message.To.Select(a => a.Address.ToLowerInvariant()).ToList();
                    Check("to", wanted.SequenceEqual(got), $"expected [{string.Join(" | ", wanted)}] got [{string.Join(" | ", got)}]");
                }

                if (entry.TryGetProperty("html_contains", out var html) && html.ValueKind == JsonValueKind.String)
                {
                    var body = message.HtmlBody ?? string.Empty;
                    Check("html", Squash(body).Contains(Squash(html.GetString()!), StringComparison.Ordinal), $"[{html.GetString()}] not in [{Preview(body)}]");
                }

                if (entry.TryGetProperty("text_body_equals", out var textEquals) && textEquals.ValueKind == JsonValueKind.String)
                {
                    var body = message.TextBody ?? string.Empty;
                    Check("text body", Lines(body) == Lines(textEquals.GetString()!), $"expected [{Preview(textEquals.GetString()!)}] got [{Preview(body)}]");
                }

                if (entry.TryGetProperty("text_contains", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    var body = message.TextBody ?? string.Empty;
                    Check("text", Squash(body).Contains(Squash(text.GetString()!), StringComparison.Ordinal), $"[{text.GetString()}] not in [{Preview(body)}]");
                }

                if (entry.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
                {
                    var wanted = attachments.EnumerateArray().Select(a => a.GetString()!).Order(StringComparer.Ordinal).ToList();
                    var got = message.Attachments.Select(a => a.FileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
                    Check("attachments", wanted.SequenceEqual(got), $"expected [{string.Join(" | ", wanted)}] got [{string.Join(" | ", got)}]");
                }
            }
        }

        foreach (var mismatch in mismatches)
        {
            output.WriteLine(mismatch);
        }

        var agreement = (checks - mismatches.Count) / (double)checks;
        output.WriteLine($"{checks - mismatches.Count} of {checks} checks agree ({agreement:P2})");
        Assert.True(checks > 500, $"only {checks} checks");
        Assert.True(agreement >= 0.99, $"{agreement:P2} agreement ({mismatches.Count} of {checks}):\n{string.Join("\n", mismatches)}");
    }

    /// <summary>Whitespace and line ends do not count when looking for a line of text in a body.</summary>
    private static string Squash(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>A body with its line ends made LF and its final line end dropped.</summary>
    private static string Lines(string body) => body.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n');

    private static string Preview(string body) => body.Length <= 80 ? body : body[..80] + "…";
}
