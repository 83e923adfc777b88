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

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task QueuedMailNudgesTheDispatcherOnceCommittedAndTicketChangesDropTheCachedCounts(DatabaseProvider provider)
    {
        await using var database = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var nudge = new Mock<IOutboxNudge>();
        var cache = new QueryCache(TimeProvider.System);
        var interceptor = new AfterCommit(cache, nudge.Object);
        await using var db = database.NewContext(interceptor);

        // Without a transaction: at once.
        db.Outbox.Add(Mail("a"));
        await db.SaveWithoutPolicyAsync();
        nudge.Verify(n => n.Nudge(), Times.Once());

        // In a transaction: at its commit, not at the save.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Outbox.Add(Mail("b"));
            await db.SaveWithoutPolicyAsync();
            nudge.Verify(n => n.Nudge(), Times.Once());
            await transaction.CommitAsync();
        }

        nudge.Verify(n => n.Nudge(), Times.Exactly(2));

        // Rolled back: never.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Outbox.Add(Mail("c"));
            await db.SaveWithoutPolicyAsync();
            await transaction.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        nudge.Verify(n => n.Nudge(), Times.Exactly(2));

        // A failed attempt to send is no reason to run the dispatcher again; a message queued again by hand is.
        var sent = await db.Outbox.SingleAsync(m => m.MessageId == "<a@x.example>");
        sent.MarkFailed("451 try later", T0, 0.5);
        await db.SaveWithoutPolicyAsync();
        nudge.Verify(n => n.Nudge(), Times.Exactly(2));

        // The cached counts are kept until a ticket changes, whichever code saved it.
        var loads = 0;
        Task<IReadOnlyDictionary<TicketStatus, int>> Load()
        {
            loads++;
            return Task.FromResult<IReadOnlyDictionary<TicketStatus, int>>(new Dictionary<TicketStatus, int>());
        }

        await cache.StatusCountsAsync(Load);
        await cache.StatusCountsAsync(Load);
        Assert.Equal(1, loads);
        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, T0);
        db.Customers.Add(customer);
        db.Tickets.Add(Ticket.Open("Help", customer, "Please", TicketChannel.Email, TicketPriority.Normal, Actor.System, T0));
        await db.SaveWithoutPolicyAsync();
        await cache.StatusCountsAsync(Load);
        Assert.Equal(2, loads);
    }
}
