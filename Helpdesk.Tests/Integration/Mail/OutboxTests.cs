using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace Helpdesk.Tests.Integration.Mail;

public abstract class OutboxTests(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly MailIdentity _identity = new("support@helpdesk.example", "Helpdesk", "http://localhost");

    public async Task InitializeAsync() => _database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private async Task QueueAsync(int count)
    {
        await using var db = _database.NewContext();
        var store = new OutboxStore(db);
        for (var i = 0; i < count; i++)
        {
            store.Add(new OutboxMessage(OutboxKind.Reply, null, _identity.NewMessageId(), $"c{i}@acme.example", null, $"Message {i}", "Body", null, null, false, _clock.GetUtcNow()));
        }

        await store.SaveChangesAsync();
    }

    private async Task<int> DispatchAsync(IMailSender sender)
    {
        await using var db = _database.NewContext();
        return await new OutboxDispatcher(new OutboxStore(db), TestMail.Writer(_identity), sender, _identity, _clock).DispatchAsync(100);
    }

    /// <summary>
    /// Two dispatchers read the same due messages (a lock that outlived its lifetime, two nodes): each message is taken
    /// in the database before it is sent, so each is sent once. The first dispatcher is held in its first send while the
    /// second runs through the rest; then the first finds them taken or sent and skips them.
    /// </summary>
    [SkippableFact]
    public async Task TwoDispatchersReadingTheSameDueMessagesSendEachOnce()
    {
        await QueueAsync(5);
        var sent = new System.Collections.Concurrent.ConcurrentBag<string>();
        var release = new TaskCompletionSource();
        var firstRead = new TaskCompletionSource();
        var first = Task.Run(async () =>
        {
            await using var db = _database.NewContext();
            var store = new OutboxStore(db);
            var session = new RecordingSession(sent, release.Task);
            var dispatcher = new OutboxDispatcher(new ReadSignal(store, firstRead), TestMail.Writer(_identity), session, _identity, _clock);
            return await dispatcher.DispatchAsync(100);
        });
        await firstRead.Task; // the first has read all five as due and is about to send the first
        var second = await DispatchWithAsync(new RecordingSession(sent));
        release.SetResult();
        var firstSent = await first;

        Assert.Equal(5, firstSent + second);
        Assert.Equal(5, sent.Count);
        Assert.Equal(5, sent.Distinct().Count());
        await using var check = _database.NewContext();
        Assert.All(await check.Outbox.ToListAsync(), m => Assert.Equal((OutboxState.Sent, 1), (m.State, m.Attempts)));
    }

    private async Task<int> DispatchWithAsync(IMailSender sender)
    {
        await using var db = _database.NewContext();
        return await new OutboxDispatcher(new OutboxStore(db), TestMail.Writer(_identity), sender, _identity, _clock).DispatchAsync(100);
    }

    /// <summary>The store, telling when the due messages have been read.</summary>
    private sealed class ReadSignal(IOutboxStore inner, TaskCompletionSource read) : IOutboxStore
    {
        public void Add(OutboxMessage message) => inner.Add(message);

        public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default)
        {
            var due = await inner.DueAsync(now, max, ct);
            read.TrySetResult();
            return due;
        }

        public Task<bool> ClaimAsync(OutboxMessage message, DateTimeOffset now, DateTimeOffset until, CancellationToken ct = default) => inner.ClaimAsync(message, now, until, ct);

        public Task<IReadOnlyList<OutboxMessage>> NoticesAsync(int disruptionId, DateTimeOffset since, CancellationToken ct = default) => inner.NoticesAsync(disruptionId, since, ct);

        public Task<Customer?> FindCustomerAsync(string email, CancellationToken ct = default) => inner.FindCustomerAsync(email, ct);

        public Task SaveChangesAsync(CancellationToken ct = default) => inner.SaveChangesAsync(ct);
    }

    [SkippableFact]
    public async Task DueMessagesGoToThePickupFolderOncePerMessageId()
    {
        await QueueAsync(3);
        var folder = Path.Combine(_database.Settings.DataPath, "pickup");
        var sender = new PickupFolderSender(folder);

        Assert.Equal(3, await DispatchAsync(sender));
        Assert.Equal(0, await DispatchAsync(sender));

        var files = Directory.GetFiles(folder, "*.eml");
        Assert.Equal(3, files.Length);
        await using var db = _database.NewContext();
        var sent = await db.Outbox.ToListAsync();
        Assert.All(sent, m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.All(sent, m => Assert.Contains($"Message-ID: {m.MessageId}", File.ReadAllText(files.Single(f => f.Contains(m.MessageId.Trim('<', '>').Split('@')[0], StringComparison.Ordinal))), StringComparison.OrdinalIgnoreCase));
    }

    private static Mock<IMailSession> Session(Exception? failure = null)
    {
        var session = new Mock<IMailSession>();
        var send = session.Setup(s => s.SendAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()));
        if (failure is null)
        {
            send.ReturnsAsync([]);
        }
        else
        {
            send.ThrowsAsync(failure);
        }

        return session;
    }

    private static IMailSender Sender(Mock<IMailSession> session) => Mock.Of<IMailSender>(s => s.OpenSession() == session.Object);

    [SkippableFact]
    public async Task AFailingServerMeansBackoffThenDeliveryExactlyOnce()
    {
        await QueueAsync(1);
        var down = Session(new IOException("connection refused"));

        Assert.Equal(0, await DispatchAsync(Sender(down)));
        await using (var db = _database.NewContext())
        {
            var message = await db.Outbox.SingleAsync();
            Assert.Equal(1, message.Attempts);
            Assert.Contains("connection refused", message.LastError);
            Assert.InRange(message.NextAttemptAt - _clock.GetUtcNow(), TimeSpan.FromSeconds(24), TimeSpan.FromSeconds(36));
        }

        // Not due yet: nothing is tried.
        Assert.Equal(0, await DispatchAsync(Sender(down)));
        down.Verify(s => s.SendAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Once);

        var up = Session();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DispatchAsync(Sender(up)));
        Assert.Equal(0, await DispatchAsync(Sender(up)));
        up.Verify(s => s.SendAsync("support@helpdesk.example", It.Is<IReadOnlyList<string>>(r => r.Single() == "c0@acme.example"), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [SkippableFact]
    public async Task AfterTheLastAttemptAMessageIsDeadLettered()
    {
        await QueueAsync(1);
        var down = Session(new IOException("451 4.3.0 try again later"));

        for (var i = 0; i < OutboxMessage.MaxAttempts + 2; i++)
        {
            await DispatchAsync(Sender(down));
            _clock.Advance(TimeSpan.FromHours(2));
        }

        await using var db = _database.NewContext();
        var message = await db.Outbox.SingleAsync();
        Assert.Equal(OutboxState.DeadLettered, message.State);
        Assert.Equal(OutboxMessage.MaxAttempts, message.Attempts);
        down.Verify(s => s.SendAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Exactly(OutboxMessage.MaxAttempts));
    }

    [SkippableFact]
    public async Task ARefusalForGoodDeadLettersAtOnceWithTheServersWordsAndABatchSharesOneSession()
    {
        await QueueAsync(3);
        var session = new Mock<IMailSession>();
        session.SetupSequence(s => s.SendAsync(It.IsAny<string>(), It.IsAny<IReadOnlyList<string>>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([])
            .ThrowsAsync(new MailRejectedException("c1@acme.example: 550 5.1.1 No such user", [new RefusedRecipient("c1@acme.example", "550 5.1.1 No such user")]))
            .ReturnsAsync([]);
        var sender = new Mock<IMailSender>();
        sender.Setup(s => s.OpenSession()).Returns(session.Object);

        Assert.Equal(2, await DispatchAsync(sender.Object));

        sender.Verify(s => s.OpenSession(), Times.Once);
        session.Verify(s => s.DisposeAsync(), Times.Once);
        await using var db = _database.NewContext();
        var refused = await db.Outbox.SingleAsync(m => m.To == "c1@acme.example");
        Assert.Equal((OutboxState.DeadLettered, 1), (refused.State, refused.Attempts));
        Assert.Contains("550 5.1.1 No such user", refused.LastError);
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.State == OutboxState.Sent));
    }
}

/// <summary>A session that records what it sends and can hold its first send until told (another dispatcher running meanwhile).</summary>
internal sealed class RecordingSession(System.Collections.Concurrent.ConcurrentBag<string> sent, Task? holdFirstSend = null) : IMailSession, IMailSender
{
    private int _sends;

    public IMailSession OpenSession() => this;

    public async Task<IReadOnlyList<RefusedRecipient>> SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default)
    {
        if (Interlocked.Increment(ref _sends) == 1 && holdFirstSend is not null)
        {
            await holdFirstSend.WaitAsync(ct);
        }

        sent.Add(messageId);
        return [];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class SqliteOutboxTests() : OutboxTests(DatabaseProvider.Sqlite);

public sealed class PostgresOutboxTests() : OutboxTests(DatabaseProvider.Postgres);

public sealed class SqlServerOutboxTests() : OutboxTests(DatabaseProvider.SqlServer);
