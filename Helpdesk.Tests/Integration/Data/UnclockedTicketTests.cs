using Helpdesk.Core.Domain;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Data;

/// <summary>No write path can commit a changed ticket whose SLA clocks did not follow the change.</summary>
public sealed class UnclockedTicketTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AChangedTicketSavedAroundTheSaverIsRefusedAndNothingIsWritten()
    {
        await using var database = await (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).MigrateAsync();
        int number;
        await using (var db = database.NewContext())
        {
            var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, T0);
            db.Tickets.Add(Ticket.Open("Printer", customer, "It jams.", TicketChannel.Email, TicketPriority.Normal, Actor.System, T0));
            await db.SaveWithoutPolicyAsync();
            number = await db.Tickets.Select(t => t.Number).SingleAsync();
        }

        await using (var db = database.NewContext())
        {
            var ticket = await db.Tickets.SingleAsync();
            ticket.ChangePriority(TicketPriority.Urgent, Actor.System, T0.AddMinutes(5));

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains($"Ticket #{number} changed without its SLA clocks following", refused.Message, StringComparison.Ordinal);
        }

        await using (var db = database.NewContext())
        {
            Assert.Equal(TicketPriority.Normal, (await db.Tickets.SingleAsync()).Priority);
        }
    }

    [Fact]
    public async Task ANewTicketIsRefusedUntilTheEngineHasRunOnIt()
    {
        await using var database = await (await TestDatabase.CreateAsync(DatabaseProvider.Sqlite)).MigrateAsync();
        await using var db = database.NewContext();
        var customer = new Customer(new EmailAddress("ana@acme.example"), "Ana", null, T0);
        var ticket = Ticket.Open("Printer", customer, "It jams.", TicketChannel.Email, TicketPriority.Normal, Actor.System, T0);
        db.Tickets.Add(ticket);

        Assert.True(ticket.ClocksBehind);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        ticket.FollowWithoutPolicy();
        Assert.False(ticket.ClocksBehind);
        await db.SaveChangesAsync();
        Assert.Equal(1, await db.Tickets.CountAsync());
    }
}
