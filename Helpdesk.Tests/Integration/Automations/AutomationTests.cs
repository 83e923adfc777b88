using Helpdesk.Core.Automations;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Automations;

/// <summary>
/// The classic pair on a real database: a Pending ticket is reminded after two business days of the office calendar
/// (Monday to Friday, 09:00–17:00 UTC), then solved three business days later; each once, audited, with its email;
/// the weekend does not count. And two runs at once act on each ticket once.
/// </summary>
public sealed class AutomationTests
{
    private const string OfficeJson = """
        {"name":"Office","timeZone":"UTC","week":{"monday":[["09:00","17:00"]],"tuesday":[["09:00","17:00"]],"wednesday":[["09:00","17:00"]],
         "thursday":[["09:00","17:00"]],"friday":[["09:00","17:00"]]}}
        """;

    private sealed class Scenario : IAsyncDisposable
    {
        public required HelpdeskFactory App { get; init; }

        public required string Agent { get; init; }

        public required int Office { get; init; }

        public async Task<AutomationOutcome> RunAsync()
        {
            await using var scope = App.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AutomationService>().RunAsync();
        }

        /// <summary>Opens a ticket for the customer, answers it and sets it Pending, now.</summary>
        public async Task<int> PendingTicketAsync(string email)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            var t = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = email, RequesterName = "Ana Lima", Subject = "Printer jammed", Description = "It jams.", NotifyRequester = false }, Agent);
            await tickets.UpdateAsync(t.Number, new TicketUpdateInput { Version = t.Version, Body = "Which model is it?", Status = TicketStatus.Pending, Priority = TicketPriority.Normal }, Agent);
            return t.Number;
        }

        public async Task AddAsync(AutomationInput input)
        {
            await using var scope = App.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AutomationAdmin>().SaveAsync(input, null);
        }

        public ValueTask DisposeAsync() => App.DisposeAsync();

        public static async Task<Scenario> StartAsync(DatabaseProvider provider)
        {
            var app = new HelpdeskFactory(await TestDatabase.CreateAsync(provider));
            await app.AddStandardPolicyAsync();
            var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
            await using var scope = app.Services.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
            var office = new SlaCalendar(CalendarDefinition.Parse(OfficeJson).Calendar!, app.Clock.GetUtcNow());
            store.Add(office);
            await store.SaveChangesAsync();
            return new Scenario { App = app, Agent = agent, Office = office.Id };
        }
    }

    private static AutomationInput Remind(int calendar) => new()
    {
        Name = "Remind the customer",
        Status = TicketStatus.Pending,
        Since = AutomationEvent.StatusChanged,
        Hours = 16,
        CalendarId = calendar,
        WithoutTag = "reminded",
        AddTags = "reminded",
        EmailSubject = "Waiting for your reply: {{ ticket.subject }}",
        EmailBody = "Hello {{ requester.first_name }}, we are waiting for your answer on #{{ ticket.number }}.",
        Note = "Reminder sent to {{ requester.email }}.",
    };

    private static AutomationInput SolveAfter(int calendar) => new()
    {
        Name = "Solve unanswered",
        Position = 1,
        Status = TicketStatus.Pending,
        Since = AutomationEvent.StatusChanged,
        Hours = 40,
        CalendarId = calendar,
        WithTag = "reminded",
        SetStatus = TicketStatus.Solved,
        EmailSubject = "Solved: {{ ticket.subject }}",
        EmailBody = "We have not heard back, so we solved #{{ ticket.number }}. Reply to reopen it.",
    };

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task APendingTicketIsRemindedAfterTwoBusinessDaysThenSolvedThreeLaterEachOnceAndAudited(DatabaseProvider provider)
    {
        await using var s = await Scenario.StartAsync(provider);
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero)); // Monday 10:00: Pending from now
        var number = await s.PendingTicketAsync("ana@acme.example");
        await s.AddAsync(Remind(s.Office));
        await s.AddAsync(SolveAfter(s.Office));

        // 16 business hours: Monday 10–17 (7), Tuesday 9–17 (8), Wednesday 9–10 (1).
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 9, 59, 0, TimeSpan.Zero));
        var early = await s.RunAsync();
        Assert.Equal((0, 1), (early.Applied, early.NotYet));

        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var reminded = await s.RunAsync();
        Assert.Equal(1, reminded.Applied);
        Assert.Empty(reminded.Failures);
        s.App.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await s.RunAsync()).Applied); // once

        await using (var db = s.App.NewContext())
        {
            var t = await db.Tickets.AsNoTracking().Include(x => x.Tags).Include(x => x.AuditTrail).Include(x => x.Messages).SingleAsync(x => x.Number == number);
            Assert.Equal(TicketStatus.Pending, t.Status);
            Assert.Contains("reminded", t.TagNames);
            Assert.Contains(t.AuditTrail, a => a.Field == "Automation" && a.NewValue == "Remind the customer; emailed ana@acme.example" && a.ActorName == "Automation: Remind the customer");
            var note = t.Messages.OrderBy(m => m.Id).Last();
            Assert.Equal((true, ActorKind.System, "Reminder sent to ana@acme.example."), (note.IsInternal, note.AuthorKind, note.Body));
            var mail = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Automation);
            Assert.Equal(($"[#{number}] Waiting for your reply: Printer jammed", "ana@acme.example", true), (mail.Subject, mail.To, mail.Automatic));
            Assert.StartsWith($"Hello Ana, we are waiting for your answer on #{number}.", mail.Body, StringComparison.Ordinal);
        }

        // 40 business hours from Monday 10:00: the week gives 39 by Friday 17:00; the weekend counts nothing; Monday 10:00.
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 9, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, (await s.RunAsync()).Applied);
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 9, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, (await s.RunAsync()).Applied);
        Assert.Equal(0, (await s.RunAsync()).Applied);

        await using (var db = s.App.NewContext())
        {
            var t = await db.Tickets.AsNoTracking().Include(x => x.AuditTrail).SingleAsync(x => x.Number == number);
            Assert.Equal(TicketStatus.Solved, t.Status);
            Assert.Contains(t.AuditTrail, a => a.Field == "Status" && a.NewValue == "Solved" && a.ActorName == "Automation: Solve unanswered");
            Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Automation));
            Assert.Equal(2, await db.Set<AutomationRun>().CountAsync());
        }
    }

    [SkippableFact]
    public async Task EachRequesterGetsTheReminderInTheirLanguageWhenTheAdminWroteIt()
    {
        await using var s = await Scenario.StartAsync(DatabaseProvider.Sqlite);
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var english = await s.PendingTicketAsync("ana@acme.example");
        var portuguese = await s.PendingTicketAsync("joana@cliente.pt");
        await using (var db = s.App.NewContext())
        {
            (await db.Customers.SingleAsync(c => c.Email == "joana@cliente.pt")).SetLanguage(Languages.Portuguese);
            await db.SaveChangesAsync();
        }

        var remind = Remind(s.Office);
        remind.EmailSubjectPt = "A aguardar a sua resposta: {{ ticket.subject }}";
        remind.EmailBodyPt = "Olá {{ requester.first_name }}, aguardamos a sua resposta no #{{ ticket.number }}.";
        await s.AddAsync(remind);

        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, (await s.RunAsync()).Applied);

        await using var read = s.App.NewContext();
        var mails = await read.Outbox.Where(m => m.Kind == OutboxKind.Automation).ToListAsync();
        var en = Assert.Single(mails, m => m.To == "ana@acme.example");
        var pt = Assert.Single(mails, m => m.To == "joana@cliente.pt");
        Assert.Equal($"[#{english}] Waiting for your reply: Printer jammed", en.Subject);
        Assert.Equal($"[#{portuguese}] A aguardar a sua resposta: Printer jammed", pt.Subject);
        Assert.StartsWith($"Olá Ana, aguardamos a sua resposta no #{portuguese}.", pt.Body, StringComparison.Ordinal);

        // A Portuguese text without the English one is refused: the English is what everyone else gets.
        var alone = new AutomationInputValidator().Validate(new AutomationInput { Name = "Only Portuguese", Hours = 4, EmailBodyPt = "Olá." });
        Assert.Contains(alone.Errors, e => e.PropertyName == nameof(AutomationInput.EmailBody));
    }

    [SkippableFact]
    public async Task TwoRunsAtOnceOnPostgresActOnEachTicketOnce()
    {
        await using var s = await Scenario.StartAsync(DatabaseProvider.Postgres);
        var numbers = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            numbers.Add(await s.PendingTicketAsync($"c{i}@acme.example"));
        }

        await s.AddAsync(Remind(s.Office));
        s.App.Clock.Advance(TimeSpan.FromDays(7));
        var outcomes = await Task.WhenAll(s.RunAsync(), s.RunAsync());

        Assert.Equal(40, outcomes.Sum(o => o.Applied));
        Assert.All(outcomes, o => Assert.Empty(o.Failures));
        await using var db = s.App.NewContext();
        Assert.Equal(40, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Automation));
        Assert.Equal(numbers.Order(), await db.Outbox.Where(m => m.Kind == OutboxKind.Automation).Select(m => m.TicketNumber!.Value).OrderBy(n => n).ToListAsync());
        Assert.Equal(40, await db.Set<AutomationRun>().CountAsync());
    }
}
