using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Bulk;

/// <summary>One action on 200 tickets: each changed and audited on its own; one changed by someone else meanwhile is reported and kept.</summary>
public sealed class BulkActionTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private string _agent = null!;
    private string _colleague = null!;
    private int _billing;

    public async Task InitializeAsync()
    {
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        _colleague = await _app.CreateUserAsync("blair@helpdesk.example", "Blair", Roles.Agent);
        _billing = await _app.AddGroupAsync("Billing");
        await _app.AddStandardPolicyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<List<(int Number, int Version)>> OpenAsync(int count)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
        var opened = new List<(int, int)>();
        for (var i = 0; i < count; i++)
        {
            var t = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = $"c{i}@acme.example", Subject = $"Request {i}", Description = "Help", NotifyRequester = false }, _agent);
            opened.Add((t.Number, t.Version));
        }

        return opened;
    }

    [Fact]
    public async Task TwoHundredTicketsChangeInOneActionEachAuditedAndOneChangedMeanwhileIsReportedAndKept()
    {
        var selected = await OpenAsync(200);

        // After the agent selected them, a colleague raises the priority of one.
        var taken = selected[57].Number;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().TakeAsync(taken, selected[57].Version, _colleague);
        }

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        Helpdesk.Core.Services.BulkOutcome outcome;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            outcome = await scope.ServiceProvider.GetRequiredService<BulkService>().ApplyAsync(
                selected, new BulkChange(Status: TicketStatus.Pending, Priority: TicketPriority.High, SetAssignee: true, AssigneeId: _agent, SetGroup: true, GroupId: _billing, AddTags: "outage"), _agent);
        }

        Assert.Equal(199, outcome.Changed.Count);
        Assert.Equal([taken], outcome.ChangedMeanwhile);
        Assert.Empty(outcome.Refused);

        await using var db = _app.NewContext();
        var tickets = await db.Tickets.AsNoTracking().Include(t => t.Tags).Include(t => t.AuditTrail).ToListAsync();
        foreach (var t in tickets.Where(t => t.Number != taken))
        {
            Assert.Equal((TicketStatus.Pending, TicketPriority.High, _agent, _billing), (t.Status, t.Priority, t.AssigneeId, t.GroupId));
            Assert.Contains("outage", t.TagNames);
            var audited = t.AuditTrail.Where(a => a.At == _app.Clock.GetUtcNow()).Select(a => a.Field).Order().ToList();
            Assert.Equal(["Assignee", "Group", "Priority", "Status", "Tags"], audited);
        }

        var kept = tickets.Single(t => t.Number == taken);
        Assert.Equal((_colleague, TicketStatus.New, TicketPriority.Normal), (kept.AssigneeId, kept.Status, kept.Priority));
        Assert.DoesNotContain("outage", kept.TagNames);
    }

    [Fact]
    public async Task AMacroInABulkActionRepliesToEachWithItsOwnNameAndAClosedTicketIsRefused()
    {
        var selected = await OpenAsync(3);
        int macro;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            macro = (await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Macros.MacroService>()
                .CreateAsync(new MacroInput { Name = "Known issue", Body = "Hello {{ requester.email }}, we are on it (#{{ ticket.number }}).", Status = TicketStatus.Pending }, _agent, admin: false)).Id;
        }

        await using (var db = _app.NewContext())
        {
            await db.Tickets.Where(t => t.Number == selected[2].Number).ExecuteUpdateAsync(u => u.SetProperty(t => t.Status, TicketStatus.Closed));
        }

        BulkOutcome outcome;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            outcome = await scope.ServiceProvider.GetRequiredService<BulkService>().ApplyAsync(selected, new BulkChange(MacroId: macro), _agent);
        }

        Assert.Equal([selected[0].Number, selected[1].Number], outcome.Changed);
        Assert.Equal((selected[2].Number, "it is closed"), Assert.Single(outcome.Refused));
        await using var check = _app.NewContext();
        foreach (var (number, i) in selected.Take(2).Select((s, i) => (s.Number, i)))
        {
            Assert.True(await check.Messages.AnyAsync(m => m.TicketNumber == number && m.Body == $"Hello c{i}@acme.example, we are on it (#{number})."));
            Assert.Equal(TicketStatus.Pending, await check.Tickets.Where(t => t.Number == number).Select(t => t.Status).SingleAsync());
        }

        Assert.Equal(2, await check.Outbox.CountAsync(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Reply));
    }
}
