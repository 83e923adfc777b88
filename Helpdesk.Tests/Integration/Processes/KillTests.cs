using MailKit;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Processes;

/// <summary>
/// The app as real processes, killed outright (SIGKILL) at the worst moments and started again; mail goes to
/// the real SMTP server the test script starts, whose Maildir shows every copy that arrived.
/// </summary>
[Collection("processes")]
public sealed class KillTests
{
    private static (string Host, string Port, string Maildir) Smtp()
    {
        var server = Environment.GetEnvironmentVariable("HELPDESK_TEST_SMTP");
        var maildir = Environment.GetEnvironmentVariable("HELPDESK_TEST_MAILDIR");
        ServiceRequirement.Require(server is not null && maildir is not null && Directory.Exists(Path.Combine(maildir, "new")), "an SMTP server (HELPDESK_TEST_SMTP, HELPDESK_TEST_MAILDIR)");
        return (server!.Split(':')[0], server.Split(':')[1], maildir!);
    }

    private static int Copies(string maildir, string messageId) =>
        Directory.GetFiles(Path.Combine(maildir, "new")).Count(f => File.ReadAllText(f).Contains($"Message-ID: {messageId}", StringComparison.OrdinalIgnoreCase));

    /// <summary>Seeds, in this process, a supervisor, the standard policy and tickets opened the given minutes ago (real time).</summary>
    private static async Task SeedAsync(TestDatabase database, IEnumerable<double> minutesAgo)
    {
        await using (var seed = new HelpdeskFactory(database, ownsDatabase: false))
        {
            await seed.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
            await seed.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor);
            await seed.AddStandardPolicyAsync();
        }

        await OpenAsync(database, "Waiting", minutesAgo);
    }

    /// <summary>Opens, in this process, tickets the given minutes ago (real time, from now).</summary>
    private static async Task OpenAsync(TestDatabase database, string subject, IEnumerable<double> minutesAgo)
    {
        await using var seed = new HelpdeskFactory(database, ownsDatabase: false);
        string agent;
        await using (var db = database.NewContext())
        {
            agent = await db.Agents.Where(a => a.Email == "avery@helpdesk.example").Select(a => a.Id).SingleAsync();
        }

        var now = DateTimeOffset.UtcNow;
        var i = 0;
        foreach (var ago in minutesAgo.OrderByDescending(m => m))
        {
            seed.Clock.SetUtcNow(now.AddMinutes(-ago));
            await using var scope = seed.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = $"{subject.ToLowerInvariant()}{i}@acme.example", Subject = $"{subject} {i++}", Description = "Help" }, agent);
        }
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> explain)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(explain());
            }

            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task AProcessKilledBetweenCommittingAlertsAndSendingThemLosesNoneAndTheNextSendsEachOnce()
    {
        var (host, port, maildir) = Smtp();
        await using var database = await TestDatabase.Sqlite().MigrateAsync();

        // Three tickets past their first-response target: the first sweep escalates each and queues one alert.
        await SeedAsync(database, [70, 71, 72]);
        var jobs = new Dictionary<string, string> { ["Jobs:Enabled"] = "true", ["Jobs:SweepSeconds"] = "1", ["Jobs:OutboxSeconds"] = "1", ["Smtp:Security"] = "None" };

        // First process: its SMTP server accepts the connection and never answers, so the dispatcher is held
        // after the commit and before the send; then it is killed.
        using (var tarpit = new Tarpit())
        {
            await using var first = await AppProcess.StartAsync(database, new Dictionary<string, string>(jobs) { ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = tarpit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await WaitForAsync(
                async () =>
                {
                    await using var db = database.NewContext();
                    return await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Alert) == 3 && tarpit.Connections > 0;
                },
                TimeSpan.FromSeconds(60),
                () => $"The alerts were not queued and sending did not start:\n{first.Output}");
            first.Kill();
        }

        List<OutboxMessage> alerts;
        await using (var db = database.NewContext())
        {
            alerts = await db.Outbox.Where(m => m.Kind == OutboxKind.Alert).ToListAsync();
            Assert.All(alerts, a => Assert.Equal(OutboxState.Queued, a.State));
            Assert.Equal(9, await db.Set<SlaEscalation>().CountAsync());
        }

        Assert.All(alerts, a => Assert.Equal(0, Copies(maildir, a.MessageId)));

        // Second process on the same database, with the real server: each alert arrives once, nothing is re-escalated.
        await using var second = await AppProcess.StartAsync(database, new Dictionary<string, string>(jobs) { ["Smtp:Host"] = host, ["Smtp:Port"] = port });
        await WaitForAsync(
            async () =>
            {
                await using var db = database.NewContext();
                return await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Alert && m.State == OutboxState.Sent) == 3;
            },
            TimeSpan.FromSeconds(60),
            () => $"The alerts were not sent after the restart:\n{second.Output}");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.All(alerts, a => Assert.Equal(1, Copies(maildir, a.MessageId)));
        await using (var db = database.NewContext())
        {
            Assert.Equal(3, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Alert));
            Assert.Equal(9, await db.Set<SlaEscalation>().CountAsync());
        }
    }

    [Fact]
    public async Task TwoNodesOnOnePostgresEscalateEachClockAndLevelOnceAndTheSurvivorCarriesOnAfterAKill()
    {
        var (host, port, maildir) = Smtp();
        await using var database = await TestDatabase.PostgresAsync();
        await database.MigrateAsync();

        // Five tickets already past their breach (75 %, 90 % and breach at the first sweep: one alert each), and
        // twenty whose 75 % level (45 minutes of a 1-hour target) comes due one a second from a few seconds on.
        var breached = new[] { 61.0, 62, 63, 64, 65 };
        var coming = Enumerable.Range(0, 20).Select(k => 45 - ((k + 4) / 60.0)).ToArray();
        await SeedAsync(database, [.. breached, .. coming]);

        var settings = new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:SweepSeconds"] = "1",
            ["Jobs:OutboxSeconds"] = "1",
            ["Smtp:Host"] = host,
            ["Smtp:Port"] = port,
            ["Smtp:Security"] = "None",
        };
        await using var a = await AppProcess.StartAsync(database, settings);
        await using var b = await AppProcess.StartAsync(database, settings);

        async Task<long> ScalarAsync(string sql)
        {
            await using var db = database.NewContext();
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        // Both nodes have checked in to the cluster.
        await WaitForAsync(async () => await ScalarAsync("SELECT count(*) FROM hangfire.server") == 2, TimeSpan.FromSeconds(30), () => a.Output + b.Output);
        await Task.Delay(TimeSpan.FromSeconds(5));
        a.Kill();
        var killedAt = DateTimeOffset.UtcNow;

        // Five more tickets whose 75 % level comes due a few seconds after the kill, whatever the machine's speed
        // until then: only the survivor can escalate them.
        await OpenAsync(database, "Late", Enumerable.Range(0, 5).Select(k => 45 - ((k + 3) / 60.0)));

        const int expectedEscalations = (5 * 3) + 20 + 5;
        await WaitForAsync(
            async () =>
            {
                await using var db = database.NewContext();
                return await db.Set<SlaEscalation>().CountAsync() == expectedEscalations
                    && await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Alert && m.State == OutboxState.Sent) == 30;
            },
            TimeSpan.FromSeconds(90),
            () => $"Not every escalation was made and sent. Survivor:\n{b.Output}");
        await Task.Delay(TimeSpan.FromSeconds(3));

        await using (var db = database.NewContext())
        {
            var escalations = await db.Set<SlaEscalation>().ToListAsync();
            Assert.Equal(expectedEscalations, escalations.Count);
            Assert.Equal(escalations.Count, escalations.Select(e => (e.TicketNumber, e.Metric, e.Cycle, e.Level)).Distinct().Count());

            // The levels that came due after the kill were escalated, by the node that survived it.
            var late = await db.Tickets.Where(t => t.Subject.StartsWith("Late")).Select(t => t.Number).ToListAsync();
            Assert.Equal(5, late.Count);
            Assert.All(escalations.Where(e => late.Contains(e.TicketNumber)), e => Assert.True(e.At > killedAt, $"#{e.TicketNumber} escalated at {e.At}, before the kill at {killedAt}"));
            Assert.Equal(5, escalations.Count(e => late.Contains(e.TicketNumber)));
            var alerts = await db.Outbox.Where(m => m.Kind == OutboxKind.Alert).ToListAsync();
            Assert.Equal(30, alerts.Count);
            Assert.Equal(30, alerts.Select(m => m.TicketNumber).Distinct().Count());
            Assert.All(alerts, m => Assert.Equal(1, Copies(maildir, m.MessageId)));
        }

        Assert.False(b.HasExited);
    }

    [Fact]
    public async Task TheMonthlyReportsGoOutOnceEachAfterANodeIsKilledMidRunAndTwoOthersFinish()
    {
        var (host, port, maildir) = Smtp();
        await using var database = await TestDatabase.PostgresAsync();
        await database.MigrateAsync();

        // Sixty organizations made before last month (real time), each with two contacts who asked for the report and one
        // who did not; a 24x7 policy, so last month's report is due from this month's first instant.
        const int organizations = 60;
        var now = DateTimeOffset.UtcNow;
        await using (var seed = new HelpdeskFactory(database, ownsDatabase: false))
        {
            seed.Clock.SetUtcNow(new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1).AddDays(-1));
            await seed.AddStandardPolicyAsync();
            await using var scope = seed.Services.CreateAsyncScope();
            var directory = scope.ServiceProvider.GetRequiredService<DirectoryService>();
            for (var i = 0; i < organizations; i++)
            {
                var org = await directory.CreateOrganizationAsync(new OrganizationInput { Name = $"Org {i:D2}" });
                foreach (var (name, wanted) in new[] { ("a", true), ("b", true), ("c", false) })
                {
                    var contact = await directory.CreateCustomerAsync(new CustomerInput { Email = $"{name}{i}@org{i}.example", OrganizationId = org.Id });
                    await directory.UpdateCustomerAsync(contact.Id, new CustomerInput { Email = contact.Email, OrganizationId = org.Id, MonthlyReport = wanted });
                }
            }
        }

        var settings = new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:ReportsSeconds"] = "1",
            ["Jobs:OutboxSeconds"] = "1",
            ["Jobs:LockSeconds"] = "5",
            ["Smtp:Host"] = host,
            ["Smtp:Port"] = port,
            ["Smtp:Security"] = "None",
        };

        async Task<int> RunsAsync()
        {
            await using var db = database.NewContext();
            return await db.Set<MonthlyReportRun>().CountAsync();
        }

        // The first node is killed as soon as it has queued its first organization's report: partway through the run.
        // Its SMTP server never answers, so the kill lands before any send: what is tested here is that each report is
        // queued once (the outbox's own kill test covers sending; a kill after the server accepted a message and before
        // it was marked sent makes the next node send it again with the same Message-ID). The message it had taken to
        // send is its own until its lease ends (four of its 5-second timeouts and 30 s), then another node's.
        using var tarpit = new Tarpit();
        await using (var first = await AppProcess.StartAsync(database, new Dictionary<string, string>(settings)
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = tarpit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Smtp:TimeoutSeconds"] = "5",
        }))
        {
            await WaitForAsync(async () => await RunsAsync() > 0, TimeSpan.FromSeconds(60), () => $"No report was sent:\n{first.Output}");
            first.Kill();
        }

        var done = await RunsAsync();
        Assert.True(done < organizations, $"the kill landed after the run ({done} of {organizations} sent)");

        // Two nodes carry on from there, at once.
        await using var b = await AppProcess.StartAsync(database, settings);
        await using var c = await AppProcess.StartAsync(database, settings);
        await WaitForAsync(
            async () =>
            {
                await using var db = database.NewContext();
                return await RunsAsync() == organizations
                    && await db.Outbox.CountAsync(m => m.Kind == OutboxKind.MonthlyReport && m.State != OutboxState.Sent) == 0;
            },
            TimeSpan.FromSeconds(120),
            () => $"Not every report was sent. Nodes:\n{b.Output}\n{c.Output}");
        await Task.Delay(TimeSpan.FromSeconds(3));

        await using var check = database.NewContext();
        var reports = await check.Outbox.Where(m => m.Kind == OutboxKind.MonthlyReport).ToListAsync();
        Assert.Equal(organizations * 2, reports.Count);
        Assert.Equal(organizations * 2, reports.Select(m => m.To).Distinct().Count());
        Assert.DoesNotContain(reports, m => m.To.StartsWith('c'));
        Assert.All(reports, m => Assert.Equal(1, Copies(maildir, m.MessageId)));
        Assert.Equal(organizations, await check.Set<MonthlyReportRun>().Select(r => r.OrganizationId).Distinct().CountAsync());
    }

    [Fact]
    public async Task ASecondProcessWithJobsOnTheSameSqliteDatabaseRefusesToStartAndSaysWhy()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var settings = new Dictionary<string, string> { ["Jobs:Enabled"] = "true", ["Jobs:SweepSeconds"] = "1" };
        await using var first = await AppProcess.StartAsync(database, settings);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(async () => await AppProcess.StartAsync(database, settings));
        Assert.Contains("Another process already runs the scheduled jobs on this SQLite database", refused.Message);
        Assert.Contains("Jobs:Enabled=false", refused.Message);

        // A web-only node beside it is welcome, and the first goes on.
        await using var webOnly = await AppProcess.StartAsync(database, new Dictionary<string, string> { ["Jobs:Enabled"] = "false" });
        Assert.False(first.HasExited);
    }

    [SkippableFact]
    public async Task KilledAtRandomPointsWhileImportingAMailboxEveryMessageBecomesExactlyOneTicketOrReply()
    {
        var server = Dovecot.Require();
        await using var database = await TestDatabase.Sqlite().MigrateAsync();

        // 200 requests, then 100 answers to the first hundred by In-Reply-To (no token in the subject).
        const int requests = 200;
        const int replies = 100;
        // One after the other: UIDs follow the order of delivery.
        for (var i = 0; i < requests; i++)
        {
            await server.SaveAsync($"From: c{i}@acme.example\r\nTo: support@helpdesk.localhost\r\nSubject: Request {i}\r\nMessage-ID: <r{i}@acme.example>\r\n\r\nRequest body {i}\r\n");
        }

        for (var i = 0; i < replies; i++)
        {
            await server.SaveAsync($"From: c{i}@acme.example\r\nTo: support@helpdesk.localhost\r\nSubject: More on it\r\nMessage-ID: <a{i}@acme.example>\r\nIn-Reply-To: <r{i}@acme.example>\r\n\r\nReply body {i}\r\n");
        }

        var settings = server.MailboxSettings(20, ("Jobs:Enabled", "true"), ("Jobs:MailboxSeconds", "1"), ("Jobs:SweepSeconds", "3600"), ("Jobs:OutboxSeconds", "3600"));

        async Task<int> InboundAsync()
        {
            await using var db = database.NewContext();
            return await db.Inbound.CountAsync();
        }

        // Kill the importing process at random moments, six times, while it is partway through.
        var random = new Random(20261123);
        var kills = 0;
        for (var round = 0; round < 12 && kills < 6; round++)
        {
            await using var app = await AppProcess.StartAsync(database, settings);
            var before = await InboundAsync();

            // Wait until this process has begun to take messages in (its start-up time varies with the machine's
            // load), then kill it a random moment later, so the kill lands inside the import.
            for (var wait = 0; wait < 600 && await InboundAsync() == before; wait++)
            {
                await Task.Delay(50);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 400)));
            app.Kill();
            var after = await InboundAsync();
            if (after < requests + replies && after > before)
            {
                kills++;
            }
        }

        Assert.True(kills >= 3, $"only {kills} kill(s) landed mid-import");

        // A last process reads the rest.
        await using (var last = await AppProcess.StartAsync(database, settings))
        {
            await WaitForAsync(
                async () =>
                {
                    await using var db = database.NewContext();
                    return await db.Inbound.CountAsync(m => m.State != InboundState.Received) == requests + replies
                        && (await db.MailboxStates.SingleOrDefaultAsync())?.LastUid == requests + replies;
                },
                TimeSpan.FromSeconds(120),
                () => $"Not every message was taken in:\n{last.Output}");
        }

        await using var check = database.NewContext();
        Assert.Equal(requests + replies, await check.Inbound.CountAsync(m => m.State == InboundState.Processed));
        Assert.Equal(requests, await check.Tickets.CountAsync());
        var counts = await check.Messages.GroupBy(m => m.TicketNumber).Select(g => g.Count()).ToListAsync();
        Assert.Equal(replies, counts.Count(c => c == 2));
        Assert.Equal(requests - replies, counts.Count(c => c == 1));
        Assert.Equal(requests + replies, await check.Messages.Select(m => m.MessageId).Distinct().CountAsync());
        Assert.Equal(requests, await check.Outbox.CountAsync(m => m.Kind == OutboxKind.Acknowledgement));

        // Every message ended flagged on the server.
        using var client = await server.InspectAsync();
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.All(await client.Inbox.FetchAsync(0, -1, MailKit.MessageSummaryItems.Flags), m => Assert.True(m.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen)));
    }
}
