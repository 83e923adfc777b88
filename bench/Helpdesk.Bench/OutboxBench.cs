using Helpdesk.Core.Ports;
using System.Diagnostics;
using System.Globalization;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;

namespace Helpdesk.Bench;

/// <summary>
/// Outbox throughput: queues N messages in a fresh SQLite database and dispatches them to an SMTP server
/// (e.g. aiosmtpd on loopback): <c>dotnet run -c Release --project bench/Helpdesk.Bench -- outbox --count 2000 --smtp 127.0.0.1:10025 [--per-message]</c>.
/// A batch shares one SMTP connection; <c>--per-message</c> opens one for each message instead, to compare.
/// </summary>
public static class OutboxBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        var count = int.Parse(options.GetValueOrDefault("count", "2000"), CultureInfo.InvariantCulture);
        var smtp = options.GetValueOrDefault("smtp", "127.0.0.1:10025");
        var folder = Directory.CreateTempSubdirectory("helpdesk-outbox-bench-").FullName;
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}", folder);
        await using (var db = InfrastructureServices.CreateContext(settings))
        {
            await DatabaseMigrator.MigrateAsync(db);
            var ids = new MailIdentity("support@bench.example", "Bench", "http://localhost");
            for (var i = 0; i < count; i++)
            {
                db.Outbox.Add(new OutboxMessage(OutboxKind.Reply, null, ids.NewMessageId(), $"customer{i}@bench.example", null,
                    $"[#{i}] Benchmark message", "Hello,\n\nthis is a benchmark reply of a few lines.\n\n-- \nBench\n", null, null, false, DateTimeOffset.UtcNow));
            }

            await db.SaveChangesAsync();
        }

        var smtpOptions = new SmtpOptions { Host = smtp.Split(':')[0], Port = int.Parse(smtp.Split(':')[1], CultureInfo.InvariantCulture), Security = SmtpSecurity.None };
        var perMessage = options.ContainsKey("per-message");
        IMailSender sender = perMessage ? new OneConnectionPerMessage(new SmtpSender(smtpOptions)) : new SmtpSender(smtpOptions);
        var identity = new MailIdentity("support@bench.example", "Bench", "http://localhost");
        var writer = new MimeKitMessageWriter(identity, Microsoft.Extensions.Options.Options.Create(new DkimOptions()));
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < count)
        {
            await using var db = InfrastructureServices.CreateContext(settings);
            var batch = await new OutboxDispatcher(new OutboxStore(db), writer, sender, identity, TimeProvider.System).DispatchAsync(100);
            if (batch == 0)
            {
                break;
            }

            sent += batch;
        }

        Console.WriteLine($"Outbox: {sent} of {count} messages sent in {clock.Elapsed.TotalSeconds:N1} s = {sent / clock.Elapsed.TotalSeconds:N0} messages/s ({(perMessage ? "one SMTP connection per message" : "one SMTP connection per batch of 100")}, each outcome committed).");
        Directory.Delete(folder, recursive: true);
        return sent == count ? 0 : 1;
    }

    /// <summary>For comparison: a new connection for every message.</summary>
    private sealed class OneConnectionPerMessage(IMailSender inner) : IMailSender, IMailSession
    {
        public IMailSession OpenSession() => this;

        public async Task<IReadOnlyList<RefusedRecipient>> SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default)
        {
            await using var session = inner.OpenSession();
            return await session.SendAsync(from, recipients, messageId, message, ct);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
