using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Mail;

/// <summary>Disruption notices as the customers' mail server receives them (the real SMTP server of the test script).</summary>
public sealed class DisruptionMailTests
{
    /// <summary>
    /// Six tickets in two categories (ana has three, dee asked for no notices, cy is in another category); a disruption
    /// for the Network category declared, updated and resolved, the outbox dispatched to the real server after each.
    /// What the server received for this run's title, and this run's address of a name.
    /// </summary>
    private static async Task<(List<Helpdesk.Infrastructure.Mail.Mime.MimeMessage> Received, Func<string, string> Address, string Title)> NetworkOutageAsync()
    {
        var (app, maildir) = TestSmtp.App();
        await using var _ = app;
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        int network, billing;
        await using (var db = app.NewContext())
        {
            var n = new Category("Network");
            var b = new Category("Billing");
            db.Categories.AddRange(n, b);
            await db.SaveChangesAsync();
            (network, billing) = (n.Id, b.Id);
        }

        // Addresses of this run only: the server's Maildir is shared by the whole suite.
        var run = Guid.NewGuid().ToString("N")[..10];
        string Address(string name) => $"{name}.{run}@acme.example";
        async Task OpenAsync(string name, int category)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = Address(name), Subject = "No connection", Description = "Down", CategoryId = category }, agent);
        }

        for (var i = 0; i < 3; i++)
        {
            await OpenAsync("ana", network); // three tickets, one notice per update
        }

        await OpenAsync("fred", network);
        await OpenAsync("dee", network);
        await OpenAsync("cy", billing);
        await using (var db = app.NewContext())
        {
            var dee = Address("dee");
            (await db.Customers.SingleAsync(c => c.Email == dee)).SetNotices(optIn: false, optOut: true);
            await db.SaveChangesAsync();
        }

        async Task<T> PostAsync<T>(Func<DisruptionService, Task<T>> post)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(11)); // past the notice window of the post before (NoticeWindowTests: within it)
            T result;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                result = await post(scope.ServiceProvider.GetRequiredService<DisruptionService>());
            }

            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
            }

            return result;
        }

        var title = $"Network outage {run}";
        var disruption = await PostAsync(s => s.DeclareAsync(title, "Our network is down; we are on it.", false, [network], []));
        await PostAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Identified, "A broken switch; replacing it."));
        await PostAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Back to normal."));

        var received = TestSmtp.Received(maildir)
            .Where(m => m.Subject?.EndsWith($"] {title}", StringComparison.Ordinal) == true)
            .ToList();
        await using var check = app.NewContext();
        Assert.All(await check.Outbox.Where(m => m.Kind == OutboxKind.Notice).ToListAsync(), m => Assert.Equal(OutboxState.Sent, m.State));
        return (received, Address, title);
    }

    [SkippableFact]
    public async Task EachPostOfADisruptionReachesEachCustomerInItsScopeOnceWhateverTheirTicketCount()
    {
        var (received, address, title) = await NetworkOutageAsync();

        string[] Recipients(string status) =>
            [.. received.Where(m => m.Subject == $"[{status}] {title}").Select(m => Assert.Single(m.To).Address).Order(StringComparer.Ordinal)];
        string[] expected = [address("ana"), address("fred")];
        Assert.Equal(expected, Recipients("Investigating"));
        Assert.Equal(expected, Recipients("Cause identified"));
        Assert.Equal(expected, Recipients("Resolved"));
        Assert.Equal(6, received.Count);
    }

    [SkippableFact]
    public async Task ANoticeIsAnAutomaticMessageWithTheStatusPageAnOptOutLinkAndOneClickUnsubscribe()
    {
        var (received, address, title) = await NetworkOutageAsync();

        var first = Assert.Single(received, m => m.Subject == $"[Investigating] {title}" && m.To[0].Address == address("ana"));
        Assert.Equal("auto-generated", first.Headers["Auto-Submitted"]);
        var body = first.TextBody!;
        Assert.Contains("Our network is down; we are on it.", body);
        Assert.Contains("https://help.example/status", body);
        Assert.Contains("https://help.example/notices/opt-out?t=", body);
        Assert.StartsWith("<https://help.example/notices/unsubscribe?t=", first.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", first.Headers["List-Unsubscribe-Post"]);
    }

    /// <summary>Checks a message's DKIM signature with Debian's python3-dkim (dkimpy), an implementation independent of
    /// MimeKit, against the public key given (as DNS would publish it at selector._domainkey.domain).</summary>
    private static async Task<string> VerifyDkimAsync(byte[] message, string selector, string domain, string publicKey)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllBytesAsync(file, message);
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[]
            {
                "-c",
                """
                import dkim, sys
                data = open(sys.argv[1], 'rb').read()
                def dns(name, timeout=5):
                    name = name.decode() if isinstance(name, bytes) else name
                    return ('v=DKIM1; k=rsa; p=' + sys.argv[4]).encode() if name.rstrip('.') == sys.argv[2] + '._domainkey.' + sys.argv[3] else None
                print('pass' if dkim.verify(data, dnsfunc=dns) else 'fail')
                """,
                file, selector, domain, publicKey,
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, error);
            return output.Trim();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task ANoticeIsDkimSignedOverItsHeadersAndVerifiesWithAnIndependentVerifierUntilTamperedWith()
    {
        var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", ["-c", "import dkim"]) { RedirectStandardError = true });
        await python!.WaitForExitAsync();
        ServiceRequirement.Require(python.ExitCode == 0, "Debian's python3-dkim (an independent DKIM verifier)");

        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var key = Path.GetTempFileName();
        await File.WriteAllTextAsync(key, rsa.ExportRSAPrivateKeyPem());
        var publicKey = Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
        var (app, maildir) = TestSmtp.App(new Dictionary<string, string>
        {
            ["Mail:FromAddress"] = "support@help.example",
            ["Mail:Dkim:Domain"] = "help.example",
            ["Mail:Dkim:Selector"] = "mail2026",
            ["Mail:Dkim:PrivateKeyPath"] = key,
        });
        await using var _ = app;
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        int network;
        await using (var db = app.NewContext())
        {
            var n = new Category("Network");
            db.Categories.Add(n);
            await db.SaveChangesAsync();
            network = n.Id;
        }

        var run = Guid.NewGuid().ToString("N")[..10];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = $"ana.{run}@acme.example", Subject = "No connection", Description = "Down", CategoryId = network }, agent);
        }

        var title = $"Outage {run}";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisruptionService>().DeclareAsync(title, "Our network is down; we are on it.", false, [network], []);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100);
        }

        var raw = Assert.Single(TestSmtp.RawContaining(maildir, title));
        var parsed = Helpdesk.Infrastructure.Mail.Mime.MimeParser.Parse(raw);
        var signature = parsed.Headers["DKIM-Signature"]!;
        var tags = signature.Split(';').Select(t => t.Trim()).Where(t => t.Contains('=', StringComparison.Ordinal))
            .ToDictionary(t => t[..t.IndexOf('=', StringComparison.Ordinal)], t => string.Concat(t[(t.IndexOf('=', StringComparison.Ordinal) + 1)..].Where(c => !char.IsWhiteSpace(c))));
        Assert.Equal(("help.example", "mail2026", "rsa-sha256", "relaxed/relaxed"), (tags["d"], tags["s"], tags["a"], tags["c"]));
        var signed = tags["h"].Split(':').Select(h => h.ToLowerInvariant()).ToHashSet();
        Assert.Superset(new HashSet<string> { "from", "to", "subject", "date", "message-id", "list-unsubscribe", "list-unsubscribe-post" }, signed);

        Assert.Equal("pass", await VerifyDkimAsync(raw, "mail2026", "help.example", publicKey));
        var text = System.Text.Encoding.Latin1.GetString(raw);
        Assert.Equal("fail", await VerifyDkimAsync(System.Text.Encoding.Latin1.GetBytes(text.Replace("Our network is down", "Our network is fine", StringComparison.Ordinal)), "mail2026", "help.example", publicKey));
        Assert.Equal("fail", await VerifyDkimAsync(System.Text.Encoding.Latin1.GetBytes(text.Replace(title, "Outage over", StringComparison.Ordinal)), "mail2026", "help.example", publicKey));
        Assert.Equal("fail", await VerifyDkimAsync(raw, "mail2026", "help.example", Convert.ToBase64String(System.Security.Cryptography.RSA.Create(2048).ExportSubjectPublicKeyInfo())));
        File.Delete(key);
    }
}
