using System.Net.Sockets;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Integration.Mail;

/// <summary>Delivery through a real SMTP server (aiosmtpd writing a Maildir, started by ./test.sh).</summary>
public sealed class SmtpDeliveryTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly MailIdentity _identity = new("support@helpdesk.example", "Helpdesk Support", "http://localhost");

    private static string? Server => Environment.GetEnvironmentVariable("HELPDESK_TEST_SMTP");

    private static string? Maildir => Environment.GetEnvironmentVariable("HELPDESK_TEST_MAILDIR");

    public async Task InitializeAsync() => await _database.MigrateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static async Task<bool> ReachableAsync()
    {
        if (Server is null || Maildir is null)
        {
            return false;
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Server.Split(':')[0], int.Parse(Server.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static SmtpSender Sender(string server) =>
        new(new SmtpSettings(server.Split(':')[0], int.Parse(server.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), SmtpSecurity.None, null, null));

    private async Task<List<string>> QueueAsync(int count)
    {
        await using var db = _database.NewContext();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var message = new OutboxMessage(OutboxKind.Alert, 7, _identity.NewMessageId(), "sam@helpdesk.example", null, $"[#7] SLA warning {i}",
                "Line one\n.a line starting with a dot\nÜmlaut", null, null, true, _clock.GetUtcNow());
            db.Outbox.Add(message);
            ids.Add(message.MessageId);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private async Task<int> DispatchAsync(IMailSender sender)
    {
        await using var db = _database.NewContext();
        return await new OutboxService(new OutboxStore(db), new MimeMessageWriter(), sender, _identity, _clock).DispatchAsync(100);
    }

    private static int Copies(string messageId) =>
        Directory.GetFiles(Path.Combine(Maildir!, "new")).Count(f => File.ReadAllText(f).Contains($"Message-ID: {messageId}", StringComparison.Ordinal));

    [SkippableFact]
    public async Task MessagesReachTheServerIntactOnceEach()
    {
        ServiceRequirement.Require(await ReachableAsync(), $"an SMTP server ({Server ?? "HELPDESK_TEST_SMTP unset"})");
        var ids = await QueueAsync(3);

        Assert.Equal(3, await DispatchAsync(Sender(Server!)));
        Assert.Equal(0, await DispatchAsync(Sender(Server!)));

        Assert.All(ids, id => Assert.Equal(1, Copies(id)));
        var text = File.ReadAllText(Directory.GetFiles(Path.Combine(Maildir!, "new")).First(f => File.ReadAllText(f).Contains(ids[0], StringComparison.Ordinal)));
        Assert.Contains("Auto-Submitted: auto-generated", text);
        Assert.Contains("X-Auto-Response-Suppress: All", text);
        Assert.Contains("\n.a line starting with a dot", text.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Contains("X-RcptTo: sam@helpdesk.example", text);
    }

    [SkippableFact]
    public async Task WhileTheServerIsDownMessagesWaitAndAreDeliveredOnceWhenItIsBack()
    {
        ServiceRequirement.Require(await ReachableAsync(), $"an SMTP server ({Server ?? "HELPDESK_TEST_SMTP unset"})");
        var ids = await QueueAsync(4);

        // A port nothing listens on: connection refused.
        Assert.Equal(0, await DispatchAsync(Sender("127.0.0.1:9")));
        await using (var db = _database.NewContext())
        {
            Assert.All(await db.Outbox.ToListAsync(), m => Assert.True(m.State == OutboxState.Queued && m.Attempts == 1 && m.LastError is not null));
        }

        Assert.All(ids, id => Assert.Equal(0, Copies(id)));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, await DispatchAsync(Sender(Server!)));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await DispatchAsync(Sender(Server!)));
        Assert.All(ids, id => Assert.Equal(1, Copies(id)));
    }
}
