using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Moq;

namespace Helpdesk.Tests.Integration.Data;

/// <summary>The work after a commit happens for every save through any store: once committed, never after a rollback.</summary>
public sealed class AfterCommitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static OutboxMessage Mail(string id) => new(OutboxKind.Reply, null, $"<{id}@x.example>", "ana@x.example", null, "Hello", "Body", null, null, false, T0);

    /// <summary>A migrated database, a context whose saves run the after-commit work, the nudge it calls and the cache it clears.</summary>
    private sealed class Setup : IAsyncDisposable
    {
        private TestDatabase _database = null!;

        public Mock<IOutboxNudge> Nudge { get; } = new();

        public Mock<ILiveFeed> Live { get; } = new();

        public QueryCache Cache { get; } = new(TimeProvider.System);

        public HelpdeskDbContext Db { get; private set; } = null!;

        public static async Task<Setup> CreateAsync(DatabaseProvider provider)
        {
            var setup = new Setup();
            setup._database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
            setup.Db = setup._database.NewContext(new AfterCommit(setup.Cache, setup.Nudge.Object, setup.Live.Object));
            return setup;
        }

        public async ValueTask DisposeAsync()
        {
            await Db.DisposeAsync();
            await _database.DisposeAsync();
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task QueuedMailWithoutATransactionNudgesTheDispatcherAtOnce(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);

        s.Db.Outbox.Add(Mail("a"));
        await s.Db.SaveWithoutPolicyAsync();

        s.Nudge.Verify(n => n.Nudge(), Times.Once());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task QueuedMailInATransactionNudgesAtItsCommitNotAtTheSave(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);
        await using var transaction = await s.Db.Database.BeginTransactionAsync();

        s.Db.Outbox.Add(Mail("b"));
        await s.Db.SaveWithoutPolicyAsync();
        s.Nudge.Verify(n => n.Nudge(), Times.Never());
        await transaction.CommitAsync();

        s.Nudge.Verify(n => n.Nudge(), Times.Once());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task QueuedMailRolledBackNeverNudges(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);

        await using (var transaction = await s.Db.Database.BeginTransactionAsync())
        {
            s.Db.Outbox.Add(Mail("c"));
            await s.Db.SaveWithoutPolicyAsync();
            await transaction.RollbackAsync();
        }

        s.Nudge.Verify(n => n.Nudge(), Times.Never());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AFailedAttemptToSendIsNoReasonToNudgeAgain(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);
        s.Db.Outbox.Add(Mail("a"));
        await s.Db.SaveWithoutPolicyAsync();
        s.Db.ChangeTracker.Clear();

        var queued = await s.Db.Outbox.SingleAsync(m => m.MessageId == "<a@x.example>");
        queued.MarkFailed("451 try later", T0, 0.5);
        await s.Db.SaveWithoutPolicyAsync();

        s.Nudge.Verify(n => n.Nudge(), Times.Once());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TheCachedCountsAreKeptUntilATicketChangesWhicheverCodeSavedIt(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);
        var loads = 0;
        Task<IReadOnlyDictionary<TicketStatus, int>> Load()
        {
            loads++;
            return Task.FromResult<IReadOnlyDictionary<TicketStatus, int>>(new Dictionary<TicketStatus, int>());
        }

        await s.Cache.StatusCountsAsync(Load);
        await s.Cache.StatusCountsAsync(Load);
        Assert.Equal(1, loads);

        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, T0);
        s.Db.Customers.Add(customer);
        s.Db.Tickets.Add(Ticket.Open("Help", customer, "Please", TicketChannel.Email, TicketPriority.Normal, Actor.System, T0));
        await s.Db.SaveWithoutPolicyAsync();
        await s.Cache.StatusCountsAsync(Load);

        Assert.Equal(2, loads);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AChangedTicketIsAnnouncedLiveOnceAtItsCommitWithWhoAndWhatAndNeverAfterARollback(DatabaseProvider provider)
    {
        await using var s = await Setup.CreateAsync(provider);
        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, T0);
        s.Db.Customers.Add(customer);
        var ticket = Ticket.Open("Help", customer, "Please", TicketChannel.Email, TicketPriority.Normal, Actor.System, T0);
        s.Db.Tickets.Add(ticket);
        await s.Db.SaveWithoutPolicyAsync();
        s.Live.Verify(l => l.Publish(It.Is<LiveEvent>(e => e.Kind == LiveKind.TicketChanged && e.TicketNumber == ticket.Number && e.Version == 1 && LiveChange.English(e.Detail) == "opened it")), Times.Once());

        await using (var transaction = await s.Db.Database.BeginTransactionAsync())
        {
            ticket.ChangePriority(TicketPriority.High, new Actor(ActorKind.Agent, "a1", "Avery"), T0.AddMinutes(1));
            await s.Db.SaveWithoutPolicyAsync();
            await transaction.RollbackAsync();
        }

        s.Live.Verify(l => l.Publish(It.IsAny<LiveEvent>()), Times.Once());
        s.Db.ChangeTracker.Clear();

        var loaded = await s.Db.Tickets.Include(t => t.Requester).SingleAsync();
        await using (var transaction = await s.Db.Database.BeginTransactionAsync())
        {
            loaded.ChangeStatus(TicketStatus.Pending, new Actor(ActorKind.Agent, "a1", "Avery"), T0.AddMinutes(2));
            await s.Db.SaveWithoutPolicyAsync();
            s.Live.Verify(l => l.Publish(It.IsAny<LiveEvent>()), Times.Once());
            await transaction.CommitAsync();
        }

        s.Live.Verify(l => l.Publish(It.Is<LiveEvent>(e => e.Version == 2 && e.Name == "Avery" && LiveChange.English(e.Detail) == "set the status to Pending")), Times.Once());
        s.Live.Verify(l => l.Publish(It.IsAny<LiveEvent>()), Times.Exactly(2));
    }
}
