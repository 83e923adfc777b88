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

public sealed class SqliteOutboxTests() : OutboxTests(DatabaseProvider.Sqlite);

public sealed class PostgresOutboxTests() : OutboxTests(DatabaseProvider.Postgres);

public sealed class SqlServerOutboxTests() : OutboxTests(DatabaseProvider.SqlServer);
