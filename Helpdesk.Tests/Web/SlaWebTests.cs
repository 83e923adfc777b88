using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Helpdesk.Tests.Unit.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

public sealed class SlaWebTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;
    private DateTimeOffset _t0;

    public async Task InitializeAsync()
    {
        _t0 = _app.Clock.GetUtcNow();
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();

        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<SlaClock> ClockAsync(int number, SlaMetric metric)
    {
        await using var db = _app.NewContext();
        return await db.SlaClocks.Where(c => c.TicketNumber == number && c.Metric == metric).OrderByDescending(c => c.Cycle).FirstAsync();
    }

    private async Task UpdateAsync(int number, string status, string priority = "Normal", string body = "")
    {
        int version;
        await using (var db = _app.NewContext())
        {
            version = await db.Tickets.Where(t => t.Number == number).Select(t => t.Version).SingleAsync();
        }

        var response = await _agent.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
        [
            new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Body", body),
            new("Input.Visibility", "Public"), new("Input.Status", status), new("Input.Priority", priority),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task TheSweepRecordsWarningsAndTheBreachAtTheirExactMomentsAndAlertsSupervisorsOncePerLevel()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        var created = await _agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "bo@acme.example"), new("Input.Subject", "Nobody answers"),
            new("Input.Description", "Hello?"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.DoesNotContain($"href=\"/tickets/{number}\"", await _agent.GetPageAsync("/tickets?sla=at-risk"));
        _app.Clock.Advance(TimeSpan.FromMinutes(50));
        await SweepAsync();
        Assert.Contains($"href=\"/tickets/{number}\"", await _agent.GetPageAsync("/tickets?sla=at-risk"));
        Assert.DoesNotContain($"href=\"/tickets/{number}\"", await _agent.GetPageAsync("/tickets?sla=breached"));
        var first = await ClockAsync(number, SlaMetric.FirstResponse);
        Assert.Equal(1, first.WarnLevel);
        Assert.Equal(_t0.AddMinutes(54), first.NextCheckAt);

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await SweepAsync();
        _app.Clock.Advance(TimeSpan.FromMinutes(15));
        await SweepAsync();
        await SweepAsync();
        first = await ClockAsync(number, SlaMetric.FirstResponse);
        Assert.Equal(_t0.AddMinutes(60), first.BreachedAt);
        var breachedView = await _agent.GetPageAsync("/tickets?sla=breached");
        Assert.Contains($"href=\"/tickets/{number}\"", breachedView);
        Assert.Matches(@"SLA breached</span><span[^>]*data-count>1<", breachedView);
        Assert.Null(first.NextCheckAt);

        await using var db = _app.NewContext();
        var events = await db.SlaEvents.Where(e => e.TicketNumber == number && e.Metric == SlaMetric.FirstResponse).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([SlaEventKind.Started, SlaEventKind.Warned, SlaEventKind.Warned, SlaEventKind.Breached], events.Select(e => e.Kind));
        Assert.Equal([_t0, _t0.AddMinutes(45), _t0.AddMinutes(54), _t0.AddMinutes(60)], events.Select(e => e.At));

        // One alert at 75 %, one at 90 %, one at the breach, to the supervisors only, however often the sweep runs.
        await SweepAsync();
        var alerts = await db.Outbox.Where(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Alert && m.TicketNumber == number).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(3, alerts.Count);
        Assert.All(alerts, a => Assert.Equal("sam@helpdesk.example", a.To));
        Assert.All(alerts, a => Assert.True(a.Automatic));
        Assert.Contains("SLA warning (75 %): First response", alerts[0].Subject);
        Assert.Contains("SLA warning (90 %): First response", alerts[1].Subject);
        Assert.Contains("SLA breached: First response", alerts[2].Subject);
        Assert.Contains($"[#{number}]", alerts[2].Subject);
        Assert.Contains("Customer: bo@acme.example\n", alerts[0].Body.Replace("\r", string.Empty, StringComparison.Ordinal));
        Assert.Contains("15 min left", alerts[0].Body);
        Assert.Contains("Assignee: nobody", alerts[0].Body);
        Assert.Contains($"/tickets/{number}", alerts[0].Body);
        Assert.Contains("overdue 10 min", alerts[2].Body);
        Assert.Equal(3, await db.Set<SlaEscalation>().CountAsync(e => e.TicketNumber == number));
        var audit = await db.AuditEntries.Where(a => a.TicketNumber == number && a.Field == "Escalation").Select(a => a.NewValue).ToListAsync();
        Assert.Equal(3, audit.Count);
        Assert.Contains("First response breached; alert to sam@helpdesk.example", audit);
    }

    private async Task SweepAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider);
        await job.RunAsync(CancellationToken.None);
    }

    private async Task<int> CreateTicketAsync(string email, string subject)
    {
        var created = await _agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", email), new("Input.Subject", subject),
            new("Input.Description", "Hello?"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        return int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task EachLevelRunsItsOwnActionsAndRemindersFollowTheBreach()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        var backup = await _app.CreateUserAsync("bea@helpdesk.example", "Bea Backup", Roles.Agent);
        var escalationGroup = await _app.AddGroupAsync("Escalations");

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
            var policy = (await store.FindPolicyAsync((await store.PoliciesAsync()).Single().Id))!;
            policy.SetEscalation(
            [
                new SlaLevelAction(75, alertSupervisors: false, null, null, backup, "sla-at-risk"),
                new SlaLevelAction(SlaEscalation.BreachLevel, alertSupervisors: true, null, escalationGroup, null, null),
            ], reminderEveryMinutes: 30, reminderLimit: 2);
            await store.SaveChangesAsync();
        }

        var number = await CreateTicketAsync("di@acme.example", "Quiet line");
        async Task<List<Helpdesk.Core.Mail.OutboxMessage>> AlertsAsync()
        {
            await using var db = _app.NewContext();
            return await db.Outbox.Where(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Alert && m.TicketNumber == number).OrderBy(m => m.Id).ToListAsync();
        }

        // 75 %: assigned to the backup agent and tagged, no email (this level does not alert).
        _app.Clock.Advance(TimeSpan.FromMinutes(46));
        await SweepAsync();
        await using (var db = _app.NewContext())
        {
            var ticket = await db.Tickets.Include(t => t.Tags).Include(t => t.AuditTrail).SingleAsync(t => t.Number == number);
            Assert.Equal(backup, ticket.AssigneeId);
            Assert.Contains("sla-at-risk", ticket.TagNames);
            Assert.Contains(ticket.AuditTrail, a => a.Field == "Assignee" && a.NewValue == "Bea Backup" && a.ActorKind == ActorKind.System);
            Assert.Contains(ticket.AuditTrail, a => a.Field == "Escalation" && a.NewValue == "First response at 75 %; alert to nobody (this level does not alert)");
        }

        Assert.Empty(await AlertsAsync());

        // 90 % alerts (the default); the breach alerts and moves the ticket; two reminders follow, 30 business minutes apart.
        foreach (var minutes in new[] { 10, 5, 30, 30, 60 })
        {
            _app.Clock.Advance(TimeSpan.FromMinutes(minutes));
            await SweepAsync();
        }

        var alerts = await AlertsAsync();
        Assert.Equal(4, alerts.Count);
        Assert.Contains("SLA warning (90 %)", alerts[0].Subject);
        Assert.Contains("SLA breached", alerts[1].Subject);
        Assert.Contains("SLA still breached (reminder 1)", alerts[2].Subject);
        Assert.Contains("SLA still breached (reminder 2)", alerts[3].Subject);
        Assert.Contains("overdue 31 min", alerts[2].Body);
        Assert.Contains("Assignee: Bea Backup (Escalations)", alerts[1].Body);
        await using (var db = _app.NewContext())
        {
            Assert.Equal(escalationGroup, (await db.Tickets.SingleAsync(t => t.Number == number)).GroupId);
            Assert.Equal([45, 54, 60, 90, 120], (await db.Set<SlaEscalation>().Where(e => e.TicketNumber == number && e.Metric == SlaMetric.FirstResponse)
                .OrderBy(e => e.Level).Select(e => e.At).ToListAsync()).Select(at => (int)(at - _t0).TotalMinutes));
        }

        Assert.Contains("<strong>Reminder sent</strong>", await _agent.GetPageAsync($"/tickets/{number}"));
    }

    [Fact]
    public async Task ALateSweepThatFindsSeveralLevelsPassedSendsOneAlertNamingThemAll()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam Supervisor", Roles.Supervisor, Roles.Agent);
        var number = await CreateTicketAsync("ed@acme.example", "Down all night");

        _app.Clock.Advance(TimeSpan.FromMinutes(65));
        await SweepAsync();

        await using var db = _app.NewContext();
        var alert = Assert.Single(await db.Outbox.Where(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Alert && m.TicketNumber == number).ToListAsync());
        Assert.Contains("SLA breached: First response", alert.Subject);
        Assert.Contains("Also passed since the last check: First response at 75 %, First response at 90 %", alert.Body);
        Assert.Equal(3, await db.Set<SlaEscalation>().CountAsync(e => e.TicketNumber == number));
        var audit = await db.AuditEntries.Where(a => a.TicketNumber == number && a.Field == "Escalation").Select(a => a.NewValue).ToListAsync();
        Assert.Equal(3, audit.Count);
        Assert.Contains("First response at 75 %; alert to sam@helpdesk.example, in one alert with the later level", audit);
    }

    [Fact]
    public async Task ABreachRunsThePolicysActionsAsTheSystemAndTheClocksFollowTheNewPriority()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
            var policy = (await store.FindPolicyAsync((await store.PoliciesAsync()).Single().Id))!;
            policy.SetEscalation([new SlaLevelAction(SlaEscalation.BreachLevel, true, TicketPriority.Urgent, null, null, "SLA-Breached")], null, 0);
            await store.SaveChangesAsync();
        }

        var created = await _agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "cy@acme.example"), new("Input.Subject", "Still waiting"),
            new("Input.Description", "Hello?"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"), new("Input.Tags", "vip"),
        ]);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        _app.Clock.Advance(TimeSpan.FromMinutes(70));
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var job = ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider);
            await job.RunAsync(CancellationToken.None);
        }

        await using var db = _app.NewContext();
        var ticket = await db.Tickets.Include(t => t.Tags).Include(t => t.AuditTrail).SingleAsync(t => t.Number == number);
        Assert.Equal(TicketPriority.Urgent, ticket.Priority);
        Assert.Equal(["sla-breached", "vip"], ticket.TagNames);
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Priority" && a.NewValue == "Urgent" && a.ActorKind == ActorKind.System);
        var resolution = await ClockAsync(number, SlaMetric.Resolution);
        Assert.Equal(120, resolution.TargetMinutes);
        Assert.Contains(await db.SlaEvents.Where(e => e.TicketNumber == number && e.Kind == SlaEventKind.Retargeted).Select(e => e.Detail).ToListAsync(),
            d => d.Contains("escalation actions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClocksStartPauseOnPendingResumeRetargetAndAreMetByTheFirstPublicReply()
    {
        var created = await _agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "Printer on fire"),
            new("Input.Description", "Smoke everywhere"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        var page = await _agent.GetPageAsync($"/tickets/{number}");
        Assert.Contains("First response", page);
        Assert.Contains("Due 2026-03-02 10:00 (UTC)", page);
        Assert.Contains("1st reply 1 h left", await _agent.GetPageAsync("/tickets?assignee=anyone"));
        Assert.Equal(_t0.AddHours(1), (await ClockAsync(number, SlaMetric.FirstResponse)).DueAt);

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await UpdateAsync(number, "Open", priority: "Urgent");
        var first = await ClockAsync(number, SlaMetric.FirstResponse);
        Assert.Equal(15, first.TargetMinutes);
        Assert.Equal(_t0.AddMinutes(15), first.DueAt);

        _app.Clock.Advance(TimeSpan.FromMinutes(5));
        await UpdateAsync(number, "Pending", priority: "Urgent");
        first = await ClockAsync(number, SlaMetric.FirstResponse);
        Assert.Equal(SlaClockState.Paused, first.State);
        Assert.Equal(TimeSpan.FromMinutes(10), first.Used);
        Assert.Contains("Paused", await _agent.GetPageAsync($"/tickets/{number}"));

        // The Pending view says the clocks are paused rather than showing nothing.
        Assert.Contains("data-sla>SLA paused</span>", await _agent.GetPageAsync("/tickets?status=pending"));

        _app.Clock.Advance(TimeSpan.FromHours(2));
        await UpdateAsync(number, "Open", priority: "Urgent");
        first = await ClockAsync(number, SlaMetric.FirstResponse);
        Assert.Equal(SlaClockState.Running, first.State);
        Assert.Equal(_app.Clock.GetUtcNow().AddMinutes(5), first.DueAt);
        await using (var db = _app.NewContext())
        {
            Assert.Equal(first.DueAt, (await db.Tickets.SingleAsync(t => t.Number == number)).SlaDueAt);
        }

        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        await UpdateAsync(number, "Open", priority: "Urgent", body: "The fire brigade is on its way.");
        first = await ClockAsync(number, SlaMetric.FirstResponse);
        Assert.Equal(SlaClockState.Met, first.State);
        Assert.Equal(TimeSpan.FromMinutes(13), first.Used);

        page = await _agent.GetPageAsync($"/tickets/{number}");
        Assert.Contains("Met", page);
        var timeline = page[page.IndexOf("id=\"sla-timeline\"", StringComparison.Ordinal)..];
        foreach (var kind in new[] { "Started", "Target changed", "Paused", "Resumed", "Met" })
        {
            Assert.Contains($"<strong>{kind}</strong>", timeline);
        }

        Assert.Contains("status Pending", timeline);
        Assert.Contains("priority → Urgent", timeline);
    }
}
