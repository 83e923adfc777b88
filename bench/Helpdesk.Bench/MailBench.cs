using System.Diagnostics;
using System.Globalization;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Infrastructure.Mail.Intake;
using Microsoft.EntityFrameworkCore;
using Helpdesk.Infrastructure.Mail.Mime;
using Helpdesk.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Bench;

/// <summary>
/// Incoming mail:
/// <c>mime --corpus ../shared/corpus/mail [--rounds 20]</c> parses every corpus message (and reads subject, addresses,
/// bodies and attachments) in memory, after a warm-up round, and prints MB/s and messages/s;
/// <c>imap --imap 127.0.0.1:10143 --dovecot-conf FILE [--count 1000]</c> fills a fresh Dovecot mailbox with that many
/// messages (doveadm save), then times the poll job taking them into tickets on a fresh SQLite database;
/// <c>idle --imap 127.0.0.1:10143 --dovecot-conf FILE [--count 30]</c> starts the app with its job server (the poll an hour
/// apart) and delivers messages one at a time, timing each from <c>doveadm save</c> to its ticket (IMAP IDLE).
/// </summary>
public static class MailBench
{
    public static int Mime(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var folder = options.GetValueOrDefault("corpus", "../shared/corpus/mail");
        var rounds = int.Parse(options.GetValueOrDefault("rounds", "20"), CultureInfo.InvariantCulture);
        var messages = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) is not ("expected.json" or "SOURCES.md")).Select(File.ReadAllBytes).ToList();
        var bytes = messages.Sum(m => (long)m.Length);

        long Round()
        {
            long touched = 0;
            foreach (var raw in messages)
            {
                var message = MimeParser.Parse(raw);
                touched += (message.Subject?.Length ?? 0) + message.From.Count + message.To.Count + (message.TextBody?.Length ?? 0)
                    + (message.HtmlBody?.Length ?? 0) + message.Attachments.Sum(a => a.Content().Length);
            }

            return touched;
        }

        Round();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++)
        {
            Round();
        }

        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{messages.Count} messages, {bytes / 1_048_576.0:N2} MB, {rounds} rounds in {seconds:N2} s: " +
            $"{bytes * rounds / 1_048_576.0 / seconds:N1} MB/s, {messages.Count * rounds / seconds:N0} messages/s (parse + subject, addresses, bodies, attachments decoded)");
        return 0;
    }

    public static async Task<int> ImapAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var imap = options.GetValueOrDefault("imap", "127.0.0.1:10143");
        var config = options["dovecot-conf"];
        var count = int.Parse(options.GetValueOrDefault("count", "1000"), CultureInfo.InvariantCulture);
        var user = $"bench{Guid.NewGuid():N}@bench.example";

        Console.WriteLine($"Delivering {count} messages to {user} with doveadm…");
        for (var i = 0; i < count; i++)
        {
            var body = $"From: Customer {i % 300} <c{i % 300}@acme.example>\r\nTo: support@helpdesk.localhost\r\nSubject: Request {i}\r\n" +
                $"Message-ID: <bench-{i}-{user}>\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
                string.Join("\r\n", Enumerable.Repeat($"Line of the customer's message number {i}, about what went wrong.", 20)) + "\r\n";
            await SaveAsync(config, user, body);
        }

        var data = Path.Combine(Path.GetTempPath(), $"helpdesk-imap-bench-{Guid.NewGuid():N}");
        await using var app = await AppAsync(data, imap, user, options.GetValueOrDefault("password", "secret"), jobs: false);

        var job = ActivatorUtilities.CreateInstance<PollMailboxesJob>(app.Services);
        var mailbox = app.Services.GetRequiredService<IReadOnlyList<MailboxOptions>>().Single();
        var watch = Stopwatch.StartNew();
        var imported = await job.PollAsync(mailbox, CancellationToken.None);
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"Imported {imported} messages into tickets on SQLite in {seconds:N1} s: {imported / seconds:N0} messages/s " +
            "(fetch, store raw, parse, ticket + acknowledgement committed, each message committed on its own, then \\Seen on the server per batch of 50)");
        Directory.Delete(data, recursive: true);
        return 0;
    }

    public static async Task<int> IdleAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var imap = options.GetValueOrDefault("imap", "127.0.0.1:10143");
        var config = options["dovecot-conf"];
        var count = int.Parse(options.GetValueOrDefault("count", "30"), CultureInfo.InvariantCulture);
        var user = $"idle{Guid.NewGuid():N}@bench.example";
        var data = Path.Combine(Path.GetTempPath(), $"helpdesk-idle-bench-{Guid.NewGuid():N}");
        await using var app = await AppAsync(data, imap, user, options.GetValueOrDefault("password", "secret"), jobs: true);
        await app.StartAsync();
        async Task<T> ReadAsync<T>(Func<HelpdeskDbContext, Task<T>> read)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await read(scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>());
        }

        while (!await ReadAsync(db => db.MailboxStates.AnyAsync(s => s.LastPollAt != null)))
        {
            await Task.Delay(50);
        }

        var latencies = new List<double>();
        for (var i = 0; i < count; i++)
        {
            await Task.Delay(300); // the watcher is back in IDLE
            var body = $"From: c{i}@acme.example\r\nTo: support@helpdesk.localhost\r\nSubject: Idle {i}\r\nMessage-ID: <idle-{i}-{user}>\r\n\r\nHello.\r\n";
            var watch = Stopwatch.StartNew();
            await SaveAsync(config, user, body);

            while (await ReadAsync(db => db.Tickets.CountAsync()) <= i)
            {
                await Task.Delay(10);
            }

            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }

        await app.StopAsync();
        latencies.Sort();
        Console.WriteLine($"IDLE: {count} messages, delivery (doveadm save) to ticket: median {latencies[count / 2]:N0} ms, p95 {latencies[(int)Math.Ceiling(count * 0.95) - 1]:N0} ms, slowest {latencies[^1]:N0} ms.");
        Directory.Delete(data, recursive: true);
        return 0;
    }

    /// <summary>The app on a fresh SQLite database in <paramref name="data"/>, reading one Dovecot mailbox; with
    /// <paramref name="jobs"/>, its job server and mailbox watcher on (the poll, sweep and outbox an hour apart).</summary>
    private static async Task<Microsoft.AspNetCore.Builder.WebApplication> AppAsync(string data, string imap, string user, string password, bool jobs)
    {
        Directory.CreateDirectory(data);
        var builder = HelpdeskApp.CreateBuilder([]);
        builder.Configuration["Jobs:Enabled"] = jobs ? "true" : "false";
        builder.Configuration["Jobs:MailboxSeconds"] = "3600";
        builder.Configuration["Jobs:SweepSeconds"] = "3600";
        builder.Configuration["Jobs:OutboxSeconds"] = "3600";
        builder.Configuration["Storage:DataPath"] = data;
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Mailboxes:0:Name"] = "support";
        builder.Configuration["Mailboxes:0:Host"] = imap.Split(':')[0];
        builder.Configuration["Mailboxes:0:Port"] = imap.Split(':')[1];
        builder.Configuration["Mailboxes:0:Security"] = "None";
        builder.Configuration["Mailboxes:0:UserName"] = user;
        builder.Configuration["Mailboxes:0:Password"] = password;
        builder.Configuration["Mailboxes:0:BatchSize"] = "50";
        var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        await DatabaseMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>());
        return app;
    }

    /// <summary>Delivers one message into the user's inbox with doveadm, byte for byte.</summary>
    private static async Task SaveAsync(string config, string user, string message)
    {
        var info = new ProcessStartInfo("doveadm") { RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-c", config, "save", "-u", user })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(message);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
    }
}
