using Helpdesk.Infrastructure.Data;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Disruptions;

/// <summary>The policy option that pauses linked tickets' clocks for a disruption, and the one follow-up to all linked tickets.</summary>
public abstract class DisruptionSlaTests(DatabaseProvider provider) : IAsyncLifetime
{
    private HelpdeskFactory _app = null!;
    private string _agent = string.Empty;
    private string _supervisor = string.Empty;
    private int _network;

    public async Task InitializeAsync()
    {
        _app = new HelpdeskFactory(await TestDatabase.CreateAsync(provider));
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        _supervisor = await _app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        await _app.AddStandardPolicyAsync();
        await using var db = _app.NewContext();
        var network = new Category("Network");
        db.Categories.Add(network);
        await db.SaveChangesAsync();
        _network = network.Id;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task PauseForDisruptionsAsync(bool on)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
        var previous = await store.SetupAsync();
        var policy = (await store.FindPolicyAsync((await store.PoliciesAsync()).Single().Id))!;
        policy.PauseDuringDisruptions(on);
        store.Add(new SlaRecomputeRequest(previous, _app.Clock.GetUtcNow(), "policy Standard changed"));
        await store.SaveChangesAsync();

        // The change applies to open tickets through the recompute job, run here as the job server would.
        await _app.Services.GetRequiredService<Helpdesk.Infrastructure.Data.SlaRecomputeService>().RunPendingAsync(CancellationToken.None);
    }

    private async Task<int> OpenAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = email, Subject = "No connection", Description = "Down", CategoryId = _network, NotifyRequester = false }, _agent)).Number;
    }

    private async Task<T> WithAsync<T>(Func<DisruptionService, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DisruptionService>());
    }

    private async Task<SlaClock> ResolutionClockAsync(int number)
    {
        await using var db = _app.NewContext();
        return await db.Set<SlaClock>().SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.Resolution);
    }

    [SkippableFact]
    public async Task WithThePauseOptionOnALinkedTicketsResolutionClockDoesNotAdvanceDuringTheDisruption()
    {
        await PauseForDisruptionsAsync(true);
        var before = await OpenAsync("early@acme.example");
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        var disruption = await WithAsync(s => s.DeclareAsync("Network outage", "The network is down.", false, [_network], []));
        var started = _app.Clock.GetUtcNow();

        // The declaration linked the earlier ticket and paused its clock; an agent unlinks it, and it runs on from there.
        var atDeclaration = await ResolutionClockAsync(before);
        Assert.Equal((SlaClockState.Paused, TimeSpan.FromMinutes(30)), (atDeclaration.State, atDeclaration.Used));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().LinkDisruptionAsync(before, null, _agent);
        }

        // A ticket opened now is linked and its clocks stand still from the start; the unlinked ticket runs on.
        var linked = await OpenAsync("ana@acme.example");
        var clock = await ResolutionClockAsync(linked);
        Assert.Equal(SlaClockState.Paused, clock.State);
        Assert.Null(clock.DueAt);
        Assert.Null(clock.NextCheckAt);

        // Three hours of disruption: nothing is used, the sweep finds nothing due.
        _app.Clock.Advance(TimeSpan.FromHours(3));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider).SweepAsync(CancellationToken.None);
        }

        clock = await ResolutionClockAsync(linked);
        Assert.Equal(SlaClockState.Paused, clock.State);
        Assert.Equal(TimeSpan.Zero, clock.Used);

        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Back up."));
        var resolvedAt = _app.Clock.GetUtcNow();
        clock = await ResolutionClockAsync(linked);
        Assert.Equal(SlaClockState.Running, clock.State);
        Assert.Equal(TimeSpan.Zero, clock.Used);
        Assert.Equal(resolvedAt.AddMinutes(480), clock.DueAt); // the whole 8 h target is left, on the 24x7 calendar

        // The unlinked ticket counted all the time (30 min before, 3 h during).
        _app.Clock.Advance(TimeSpan.FromMinutes(60));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var ticket = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(before))!;
            Assert.Null(ticket.DisruptionId);
            Assert.Equal(started.AddMinutes(-30).AddMinutes(480), ticket.SlaClocks.Single(c => c.Metric == SlaMetric.Resolution).DueAt);
        }

        // The ticket's SLA timeline says why the clock stood still and when it ran again.
        await using var db = _app.NewContext();
        var events = await db.Set<SlaEvent>().Where(e => e.TicketNumber == linked && e.Metric == SlaMetric.Resolution).OrderBy(e => e.Id).ToListAsync();
        var paused = Assert.Single(events, e => e.Kind == SlaEventKind.Paused);
        Assert.Contains($"service disruption #{disruption.Id}", paused.Detail);
        var resumed = Assert.Single(events, e => e.Kind == SlaEventKind.Resumed);
        Assert.Equal(resolvedAt, resumed.At);
        Assert.Contains($"disruption #{disruption.Id} resolved", resumed.Detail);
        Assert.False((await db.Tickets.SingleAsync(t => t.Number == linked)).DisruptionOngoing);
    }

    [SkippableFact]
    public async Task WithoutThePauseOptionALinkedTicketsClocksRunAndAnAgentsLinkPausesFromThatMomentWhenItIsOn()
    {
        await OpenAsync("zed@acme.example");
        var disruption = await WithAsync(s => s.DeclareAsync("Network outage", "The network is down.", true, [], []));
        var linked = await OpenAsync("ana@acme.example");
        _app.Clock.Advance(TimeSpan.FromHours(1));
        var clock = await ResolutionClockAsync(linked);
        Assert.Equal(SlaClockState.Running, clock.State); // off by default

        // Switched on: the policy change recomputes the ticket, which pauses with the hour it used.
        await PauseForDisruptionsAsync(true);

        clock = await ResolutionClockAsync(linked);
        Assert.Equal(SlaClockState.Paused, clock.State);
        Assert.Equal(TimeSpan.FromHours(1), clock.Used);

        // An existing ticket linked by an agent pauses from the link, unlinked it runs again.
        var other = await OpenAsync("bo@acme.example");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            await tickets.LinkDisruptionAsync(other, null, _agent);
        }

        Assert.Equal(SlaClockState.Running, (await ResolutionClockAsync(other)).State);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().LinkDisruptionAsync(other, disruption.Id, _agent);
        }

        var linkedByHand = await ResolutionClockAsync(other);
        Assert.Equal(SlaClockState.Paused, linkedByHand.State);
        Assert.Equal(TimeSpan.FromMinutes(10), linkedByHand.Used);
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().LinkDisruptionAsync(other, null, _agent);
        }

        var unlinked = await ResolutionClockAsync(other);
        Assert.Equal(SlaClockState.Running, unlinked.State);
        Assert.Equal(_app.Clock.GetUtcNow().AddMinutes(470), unlinked.DueAt);
    }

    [SkippableFact]
    public async Task AfterTheResolutionOneActionRepliesToEveryUnsolvedLinkedTicketSolvesThemAndAuditsEach()
    {
        var zed = await OpenAsync("zed@acme.example"); // opened before: linked by the declaration
        var disruption = await WithAsync(s => s.DeclareAsync("Network outage", "The network is down.", false, [_network], []));
        var first = await OpenAsync("ana@acme.example");
        var second = await OpenAsync("ana@acme.example");
        var third = await OpenAsync("bo@acme.example");
        var unlinked = await OpenAsync("cy@acme.example");
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().LinkDisruptionAsync(unlinked, null, _agent);
        }

        var early = await Assert.ThrowsAsync<DomainException>(() => WithAsync(s => s.FollowUpAsync(disruption.Id, "Fixed.", true, _supervisor)));
        Assert.Contains("Resolve the disruption", early.Message);

        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Back up."));
        var empty = await Assert.ThrowsAsync<DomainException>(() => WithAsync(s => s.FollowUpAsync(disruption.Id, "  ", true, _supervisor)));
        Assert.Contains("Write the reply", empty.Message);

        Assert.Equal(4, await WithAsync(s => s.FollowUpAsync(disruption.Id, "The network is back; please tell us if anything still fails.", true, _supervisor)));
        var twice = await Assert.ThrowsAsync<DomainException>(() => WithAsync(s => s.FollowUpAsync(disruption.Id, "Again.", true, _supervisor)));
        Assert.Contains("already answered", twice.Message);

        await using var db = _app.NewContext();
        foreach (var number in new[] { zed, first, second, third })
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Number == number);
            Assert.Equal(TicketStatus.Solved, ticket.Status);
            var reply = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Reply && m.TicketNumber == number);
            Assert.Contains("The network is back", reply.Body);
            Assert.Contains("Sam Supervisor", reply.Body);
            var audit = await db.AuditEntries.Where(a => a.TicketNumber == number && a.Field == "Disruption follow-up").SingleAsync();
            Assert.Contains($"#{disruption.Id} Network outage, solved", audit.NewValue);
            Assert.Equal(SlaClockState.Met, (await db.Set<SlaClock>().SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.Resolution)).State);
        }

        Assert.Equal(TicketStatus.New, (await db.Tickets.SingleAsync(t => t.Number == unlinked)).Status);
        Assert.False(await db.Outbox.AnyAsync(m => m.Kind == OutboxKind.Reply && m.TicketNumber == unlinked));
        var stored = await db.Set<Disruption>().SingleAsync();
        Assert.Equal((4, true), (stored.FollowUpTickets, stored.FollowUpSolved));
        Assert.NotNull(stored.FollowUpAt);
    }

    [SkippableFact]
    public async Task ADisruptionResolvedTooEarlyIsReopenedWithAnUpdateAndItsTicketsAreInItAgain()
    {
        await PauseForDisruptionsAsync(true);
        var linked = await OpenAsync("ana@acme.example"); // linked when the disruption is declared
        var disruption = await WithAsync(s => s.DeclareAsync("Network outage", "The network is down.", false, [_network], []));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Back up."));
        Assert.Equal(SlaClockState.Running, (await ResolutionClockAsync(linked)).State);

        // Down again: the update reopens it; its ticket is paused again.
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Investigating, "It is down again, sorry."));
        await using (var db = _app.NewContext())
        {
            var stored = await db.Set<Disruption>().SingleAsync();
            Assert.True(stored.IsActive);
            Assert.Null(stored.EndedAt);
            Assert.True((await db.Tickets.SingleAsync(t => t.Number == linked)).DisruptionOngoing);
        }

        var clock = await ResolutionClockAsync(linked);
        Assert.Equal((SlaClockState.Paused, TimeSpan.FromMinutes(20)), (clock.State, clock.Used));

        // Resolved again and answered: then it stays resolved.
        await WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Fixed for good."));
        await WithAsync(s => s.FollowUpAsync(disruption.Id, "All fixed.", false, _supervisor));
        var late = await Assert.ThrowsAsync<DomainException>(() => WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Investigating, "Again?")));
        Assert.Contains("declare a new disruption", late.Message);
        var twice = await Assert.ThrowsAsync<DomainException>(() => WithAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Resolved again.")));
        Assert.Contains("already resolved", twice.Message);
    }
}

public sealed class SqliteDisruptionSlaTests() : DisruptionSlaTests(DatabaseProvider.Sqlite);

public sealed class PostgresDisruptionSlaTests() : DisruptionSlaTests(DatabaseProvider.Postgres);

public sealed class SqlServerDisruptionSlaTests() : DisruptionSlaTests(DatabaseProvider.SqlServer);
