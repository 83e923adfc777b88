namespace Helpdesk.Tests.Support;

/// <summary>The real SMTP server of the test script (aiosmtpd writing a Maildir), for tests of mail as it is received.</summary>
public static class TestSmtp
{
    /// <summary>An app that sends its outbox to that server; the Maildir's <c>new</c> folder holds what it received.</summary>
    public static (HelpdeskFactory App, string Maildir) App(IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = Environment.GetEnvironmentVariable("HELPDESK_TEST_SMTP");
        var maildir = Environment.GetEnvironmentVariable("HELPDESK_TEST_MAILDIR");
        ServiceRequirement.Require(server is not null && maildir is not null && Directory.Exists(Path.Combine(maildir, "new")), "an SMTP server (HELPDESK_TEST_SMTP, HELPDESK_TEST_MAILDIR)");
        var all = new Dictionary<string, string>
        {
            ["Smtp:Host"] = server!.Split(':')[0],
            ["Smtp:Port"] = server.Split(':')[1],
            ["Smtp:Security"] = "None",
            ["Mail:BaseUrl"] = "https://help.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        return (new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, all), maildir!);
    }

    /// <summary>The raw bytes of every stored message holding <paramref name="text"/> (after the server's trace lines).</summary>
    public static List<byte[]> RawContaining(string maildir, string text) =>
        [.. Directory.GetFiles(Path.Combine(maildir, "new")).Select(File.ReadAllBytes).Where(b => System.Text.Encoding.Latin1.GetString(b).Contains(text, StringComparison.Ordinal))];

    /// <summary>Every message the server has received so far (the whole suite's: filter by this test's addresses), parsed.</summary>
    public static List<Helpdesk.Infrastructure.Mail.Mime.MimeMessage> Received(string maildir) =>
        [.. Directory.GetFiles(Path.Combine(maildir, "new")).Select(f => Helpdesk.Infrastructure.Mail.Mime.MimeParser.Parse(File.ReadAllBytes(f)))];
}
