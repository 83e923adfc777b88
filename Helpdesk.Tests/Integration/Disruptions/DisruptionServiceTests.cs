using Helpdesk.Infrastructure.Data;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Disruptions;

/// <summary>Declaring, updating and resolving a disruption, on a real database: who gets a notice, and only once.</summary>
public abstract class DisruptionServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private HelpdeskFactory _app = null!;
    private string _agent = string.Empty;
    private int _network;
    private int _billing;

    public async Task InitializeAsync()
    {
        _app = new HelpdeskFactory(await TestDatabase.CreateAsync(provider));
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        await using var db = _app.NewContext();
        var network = new Category("Network");
        var billing = new Category("Billing");
        db.Categories.AddRange(network, billing);
        await db.SaveChangesAsync();
        (_network, _billing) = (network.Id, billing.Id);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<int> OpenAsync(string email, int category)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = email, Subject = "No connection", Description = "Down", CategoryId = category }, _agent)).Number;
    }

    private async Task<T> WithServiceAsync<T>(Func<DisruptionService, Task<T>> action)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<DisruptionService>());
    }

    private async Task<List<string>> NoticesAsync()
    {
        await using var db = _app.NewContext();
        return await db.Outbox.Where(m => m.Kind == OutboxKind.Notice).OrderBy(m => m.Id).Select(m => m.To).ToListAsync();
    }

    [SkippableFact]
    public async Task EachCustomerWithAnOpenTicketInScopeGetsOneNoticePerUpdateAndNobodyElse()
    {
        for (var i = 0; i < 3; i++)
        {
            await OpenAsync("ana@acme.example", _network);
        }

        await OpenAsync("fred@acme.example", _network);
        await OpenAsync("cy@acme.example", _billing);
        await OpenAsync("dee@acme.example", _network);
        var solved = await OpenAsync("bo@acme.example", _network);
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Ports.IHelpdeskStore>();
            var version = (await store.FindTicketAsync(solved))!.Version;
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(solved,
                new TicketUpdateInput { Version = version, Status = TicketStatus.Solved, Priority = TicketPriority.Normal, CategoryId = _network }, _agent);
        }

        await using (var db = _app.NewContext())
        {
            (await db.Customers.SingleAsync(c => c.Email == "dee@acme.example")).SetNotices(optIn: false, optOut: true);
            await db.SaveChangesAsync();
        }

        var disruption = await WithServiceAsync(s => s.DeclareAsync("Network outage", "Our network is down; we are on it.", false, [_network], []));
        Assert.Equal(["ana@acme.example", "fred@acme.example"], await NoticesAsync());

        // Each update past the notice window (10 minutes) of the one before: a notice each (NoticeWindowTests: within it).
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await WithServiceAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Identified, "A broken switch; replacing it."));
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await WithServiceAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Back to normal."));
        var notices = await NoticesAsync();
        Assert.Equal(6, notices.Count);
        Assert.Equal(3, notices.Count(n => n == "ana@acme.example"));

        await using var check = _app.NewContext();
        var stored = await check.Set<Disruption>().Include(d => d.Updates).SingleAsync();
        Assert.Equal(DisruptionStatus.Resolved, stored.Status);
        Assert.NotNull(stored.EndedAt);
        Assert.Equal([2, 2, 2], stored.Updates.OrderBy(u => u.Id).Select(u => u.Notified));
        Assert.Equal(6, await check.Set<DisruptionNotice>().CountAsync());
        var last = await check.Outbox.Where(m => m.Kind == OutboxKind.Notice).OrderBy(m => m.Id).LastAsync();
        Assert.Equal("[Resolved] Network outage", last.Subject);
        Assert.Contains("Back to normal.", last.Body);
        Assert.True(last.Automatic);
    }

    [SkippableFact]
    public async Task BadInputGetsAClearErrorAndSendsNothing()
    {
        await OpenAsync("ana@acme.example", _network);
        var empty = await Assert.ThrowsAsync<DomainException>(() => WithServiceAsync(s => s.DeclareAsync("Outage", " ", false, [_network], [])));
        Assert.Contains("Write the message", empty.Message);
        var nobody = await Assert.ThrowsAsync<DomainException>(() => WithServiceAsync(s => s.DeclareAsync("Outage", "Down.", false, [_billing], [])));
        Assert.Contains("Nobody is in this scope", nobody.Message);
        var noScope = await Assert.ThrowsAsync<DomainException>(() => WithServiceAsync(s => s.DeclareAsync("Outage", "Down.", false, [], [])));
        Assert.Contains("whom the disruption touches", noScope.Message);

        var disruption = await WithServiceAsync(s => s.DeclareAsync("Outage", "Down.", true, [], []));
        await WithServiceAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Up again."));
        var twice = await Assert.ThrowsAsync<DomainException>(() => WithServiceAsync(s => s.PostAsync(disruption.Id, DisruptionStatus.Resolved, "Up again.")));
        Assert.Contains("already resolved", twice.Message);
        Assert.Equal(2, (await NoticesAsync()).Count);
    }

    [SkippableFact]
    public async Task ANewEmailDuringADisruptionIsLinkedToItAndItsAcknowledgementCarriesTheNotice()
    {
        await OpenAsync("ana@acme.example", _network);
        var disruption = await WithServiceAsync(s => s.DeclareAsync("Network outage", "The network is down; we are on it.", true, [], []));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Helpdesk.Infrastructure.Mail.Intake.InboundMailProcessor>().ReceiveAsync("support", null, null,
                "From: bo@acme.example\r\nSubject: Cannot connect\r\nMessage-ID: <n1@acme.example>\r\n\r\nNothing works.\r\n"u8.ToArray(), new MailboxDefaults());
        }

        var web = await OpenAsync("cy@acme.example", _billing);
        await using var db = _app.NewContext();
        var emailed = await db.Tickets.SingleAsync(t => t.Subject == "Cannot connect");
        Assert.Equal(disruption.Id, emailed.DisruptionId);
        Assert.Equal(disruption.Id, (await db.Tickets.SingleAsync(t => t.Number == web)).DisruptionId);
        var ack = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement && m.TicketNumber == emailed.Number);
        Assert.Contains("We are aware of a service disruption that may be the cause: Network outage: The network is down; we are on it.", ack.Body);
        Assert.Contains(await db.AuditEntries.Where(a => a.TicketNumber == emailed.Number).Select(a => a.Field).ToListAsync(), f => f == "Disruption");
    }
}

public sealed class SqliteDisruptionServiceTests() : DisruptionServiceTests(DatabaseProvider.Sqlite);

public sealed class PostgresDisruptionServiceTests() : DisruptionServiceTests(DatabaseProvider.Postgres);

public sealed class SqlServerDisruptionServiceTests() : DisruptionServiceTests(DatabaseProvider.SqlServer);
