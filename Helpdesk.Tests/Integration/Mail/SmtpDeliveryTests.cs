using Helpdesk.Core.Ports;
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

    private static SmtpSender Sender(string server, int portOffset = 0, string? user = null, string? password = null) =>
        new(new SmtpOptions
        {
            Host = server.Split(':')[0],
            Port = int.Parse(server.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture) + portOffset,
            Security = SmtpSecurity.None,
            UserName = user,
            Password = password,
        });

    private async Task<List<string>> QueueAsync(int count, string to = "sam@helpdesk.example", string? cc = null)
    {
        await using var db = _database.NewContext();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var message = new OutboxMessage(OutboxKind.Alert, 7, _identity.NewMessageId(), to, cc, $"[#7] SLA warning {i}",
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
        return await new OutboxDispatcher(new OutboxStore(db), TestMail.Writer(_identity), sender, _identity, _clock).DispatchAsync(100);
    }

    private static int Copies(string messageId) =>
        Directory.GetFiles(Path.Combine(Maildir!, "new")).Count(f => File.ReadAllText(f).Contains($"Message-Id: {messageId}", StringComparison.OrdinalIgnoreCase));

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

    [SkippableFact]
    public async Task ATemporaryRefusalIsTriedAgainLaterAndDeliveredOnce()
    {
        ServiceRequirement.Require(await ReachableAsync(), $"an SMTP server ({Server ?? "HELPDESK_TEST_SMTP unset"})");
        var to = $"defer-{Guid.NewGuid():N}@acme.example";
        var ids = await QueueAsync(1, to);

        Assert.Equal(0, await DispatchAsync(Sender(Server!)));
        await using (var db = _database.NewContext())
        {
            var message = await db.Outbox.SingleAsync();
            Assert.Equal((OutboxState.Queued, 1), (message.State, message.Attempts));
            Assert.True(message.LastError?.Contains("451 4.3.0", StringComparison.Ordinal) == true, message.LastError);
        }

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DispatchAsync(Sender(Server!)));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await DispatchAsync(Sender(Server!)));
        Assert.Equal(1, Copies(ids[0]));
    }

    [SkippableFact]
    public async Task ARefusalForGoodIsDeadLetteredAfterOneTryAndTheOtherRecipientsStillGetTheirs()
    {
        ServiceRequirement.Require(await ReachableAsync(), $"an SMTP server ({Server ?? "HELPDESK_TEST_SMTP unset"})");
        var run = Guid.NewGuid().ToString("N");
        var refused = $"refuse-{run}@acme.example";
        var alone = (await QueueAsync(1, refused)).Single();
        var shared = (await QueueAsync(1, $"ok-{run}@acme.example", cc: $"refuse-cc-{run}@acme.example")).Single();
        await using (var db = _database.NewContext())
        {
            db.Customers.AddRange(
                new Helpdesk.Core.Domain.Customer(new Helpdesk.Core.Domain.EmailAddress(refused), "Ref", null, _clock.GetUtcNow()),
                new Helpdesk.Core.Domain.Customer(new Helpdesk.Core.Domain.EmailAddress($"refuse-cc-{run}@acme.example"), "Cc", null, _clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await DispatchAsync(Sender(Server!)));
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromHours(2));
            Assert.Equal(0, await DispatchAsync(Sender(Server!)));
        }

        await using (var db = _database.NewContext())
        {
            var dead = await db.Outbox.SingleAsync(m => m.MessageId == alone);
            Assert.Equal((OutboxState.DeadLettered, 1), (dead.State, dead.Attempts));
            Assert.Contains("550 5.1.1", dead.LastError);
            Assert.Contains("no such user here", dead.LastError);
            var sent = await db.Outbox.SingleAsync(m => m.MessageId == shared);
            Assert.Equal(OutboxState.Sent, sent.State);
            Assert.Contains($"refuse-cc-{run}@acme.example: 550", sent.LastError);
            Assert.All(await db.Customers.ToListAsync(), c => Assert.Contains("550 5.1.1", c.BounceReason));
        }

        Assert.Equal(0, Copies(alone));
        Assert.Equal(1, Copies(shared));
        var text = File.ReadAllText(Directory.GetFiles(Path.Combine(Maildir!, "new")).Single(f => File.ReadAllText(f).Contains(shared, StringComparison.Ordinal)));
        Assert.Contains($"X-RcptTo: ok-{run}@acme.example\r\n", text);
    }

    [SkippableTheory]
    [InlineData(1, "PLAIN")]
    [InlineData(2, "LOGIN")]
    public async Task SignsInWithWhatTheServerOffers(int portOffset, string mechanism)
    {
        ServiceRequirement.Require(await ReachableAsync(), $"an SMTP server ({Server ?? "HELPDESK_TEST_SMTP unset"})");
        var ids = await QueueAsync(2, $"auth-{mechanism.ToLowerInvariant()}-{Guid.NewGuid():N}@acme.example");

        Assert.Equal(0, await DispatchAsync(Sender(Server!, portOffset, "helpdesk", "wrong")));
        await using (var db = _database.NewContext())
        {
            Assert.All(await db.Outbox.ToListAsync(), m => Assert.True(m.State == OutboxState.Queued && m.LastError?.Contains("535", StringComparison.Ordinal) == true, m.LastError));
        }

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await DispatchAsync(Sender(Server!, portOffset)));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(2, await DispatchAsync(Sender(Server!, portOffset, "helpdesk", "test-password")));
        Assert.All(ids, id => Assert.Equal(1, Copies(id)));
    }
}
