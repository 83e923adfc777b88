using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Reports;

/// <summary>
/// March 2026 for two organizations, built with the manual clock. Office hours Mon–Fri 09:00–17:00 UTC; policy "Office"
/// (for everyone): first response Normal 60 min, Urgent 15 min; resolution Normal 480 min, Urgent 120 min.
/// Acme reads times in Lisbon (UTC until 29 March, UTC+1 after), Globex in the helpdesk's zone (UTC).
/// <list type="bullet">
/// <item>A1 (Normal), Mon 2 Mar 09:00: answered 09:20 (20 min, met), solved 10:00 (60 min, met); rated good.</item>
/// <item>A2 (Normal), Mon 09:00: answered 10:30 (90 min: late, breached at 10:00, 30 min over), solved Tue 10:00
/// (540 business min: late, breached Mon 17:00, 60 min over; 25 h by the clock); rated bad.</item>
/// <item>A3 (Urgent), Wed 4 Mar 09:00: answered 09:10 (10 min of 15), solved 10:00 (60 min of 120); not rated.</item>
/// <item>A4 (Normal), Tue 31 Mar 23:30 UTC: 00:30 on 1 April in Lisbon, so April's, not March's.</item>
/// <item>G1 (Globex), Mon 09:00: never answered (breaches; never in Acme's report).</item>
/// </list>
/// Service "Email" (99.9 %, around the clock in UTC) defined Mon 2 Mar 09:00: down for everyone Tue 3 Mar 12:00–13:00,
/// down for Globex only Wed 4 Mar 12:00–14:00. Contacts: ana@acme (asked for the report), bo@acme (did not), gil@globex (did not).
/// </summary>
public sealed class MonthlyReportScenario
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public required HelpdeskFactory App { get; init; }

    public required int Acme { get; init; }

    public required int Globex { get; init; }

    public required int[] AcmeTickets { get; init; }

    public required int April { get; init; }

    public required string Agent { get; init; }

    public static async Task<MonthlyReportScenario> BuildAsync(DatabaseProvider provider) =>
        await BuildAsync(new HelpdeskFactory(await TestDatabase.CreateAsync(provider)));

    /// <summary>The scenario in a given app (a browser test's, already serving), whose clock is still at its start.</summary>
    public static async Task<MonthlyReportScenario> BuildAsync(HelpdeskFactory app)
    {
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent, Roles.Supervisor);
        void At(int day, int hour, int minute) => app.Clock.SetUtcNow(Monday.AddDays(day).AddHours(hour).AddMinutes(minute));
        int acme, globex, email;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
            var parsed = CalendarDefinition.Parse("""
                {"name":"Office","timeZone":"UTC","week":{"monday":[["09:00","17:00"]],"tuesday":[["09:00","17:00"]],"wednesday":[["09:00","17:00"]],
                 "thursday":[["09:00","17:00"]],"friday":[["09:00","17:00"]],"saturday":[],"sunday":[]},"holidays":[]}
                """);
            var calendar = new SlaCalendar(parsed.Calendar!, app.Clock.GetUtcNow());
            store.Add(calendar);
            await store.SaveChangesAsync();
            var policy = new SlaPolicy("Office", calendar.Id, 1);
            policy.Update("Office", calendar.Id, true, [], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90],
                [
                    (SlaMetric.FirstResponse, TicketPriority.Normal, 60), (SlaMetric.FirstResponse, TicketPriority.Urgent, 15),
                    (SlaMetric.Resolution, TicketPriority.Normal, 480), (SlaMetric.Resolution, TicketPriority.Urgent, 120),
                ],
                app.Clock.GetUtcNow());
            store.Add(policy);
            await store.SaveChangesAsync();

            var directory = scope.ServiceProvider.GetRequiredService<DirectoryService>();
            acme = (await directory.CreateOrganizationAsync(new OrganizationInput { Name = "Acme", Domains = "acme.example", TimeZone = "Europe/Lisbon" })).Id;
            globex = (await directory.CreateOrganizationAsync(new OrganizationInput { Name = "Globex", Domains = "globex.example" })).Id;
            var ana = await directory.CreateCustomerAsync(new CustomerInput { Email = "ana@acme.example", Name = "Ana", OrganizationId = acme });
            await directory.UpdateCustomerAsync(ana.Id, new CustomerInput { Email = "ana@acme.example", Name = "Ana", OrganizationId = acme, MonthlyReport = true });
            await directory.CreateCustomerAsync(new CustomerInput { Email = "bo@acme.example", Name = "Bo", OrganizationId = acme });
            await directory.CreateCustomerAsync(new CustomerInput { Email = "gil@globex.example", Name = "Gil", OrganizationId = globex });
        }

        async Task<int> Open(string email, TicketPriority priority = TicketPriority.Normal)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = email, Subject = $"Request of {email}", Description = "Help", Priority = priority, AssigneeId = agent, NotifyRequester = false },
                agent)).Number;
        }

        async Task Update(int number, string? reply, TicketStatus? status = null)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var ticket = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(number))!;
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number, new TicketUpdateInput
            {
                Version = ticket.Version, Body = reply, Visibility = MessageVisibility.Public, Status = status ?? (reply is null ? ticket.Status : TicketStatus.Open),
                Priority = ticket.Priority, GroupId = ticket.GroupId, CategoryId = ticket.CategoryId, AssigneeId = ticket.AssigneeId, Tags = string.Join(" ", ticket.TagNames),
            }, agent);
        }

        async Task Disrupt(int day, int from, int to, bool everyone)
        {
            At(day, from, 0);
            int id;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                id = (await scope.ServiceProvider.GetRequiredService<DisruptionService>()
                    .DeclareAsync("Mail down", "Mail is down.", everyone, [], everyone ? [] : [globex], [email], degraded: false)).Id;
            }

            At(day, to, 0);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DisruptionService>().PostAsync(id, DisruptionStatus.Resolved, "Back.");
            }
        }

        At(0, 9, 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            email = (await scope.ServiceProvider.GetRequiredService<ServiceCatalog>().CreateAsync(new ServiceInput { Name = "Email", Target = "99.9" })).Id;
        }

        var a1 = await Open("ana@acme.example");
        var a2 = await Open("bo@acme.example");
        await Open("gil@globex.example");
        At(0, 9, 20);
        await Update(a1, "Looking into it.");
        At(0, 10, 0);
        await Update(a1, null, TicketStatus.Solved);
        At(0, 10, 30);
        await Update(a2, "Sorry for the wait.");
        At(1, 10, 0);
        await Update(a2, null, TicketStatus.Solved);
        await Disrupt(1, 12, 13, everyone: true);
        At(2, 9, 0);
        var a3 = await Open("ana@acme.example", TicketPriority.Urgent);
        At(2, 9, 10);
        await Update(a3, "Fixed.");
        At(2, 10, 0);
        await Update(a3, null, TicketStatus.Solved);
        await Disrupt(2, 12, 14, everyone: false);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var surveys = scope.ServiceProvider.GetRequiredService<SatisfactionService>();
            await surveys.RateAsync(a1, SatisfactionRating.Good, null);
            await surveys.RateAsync(a2, SatisfactionRating.Bad, "Slow");
        }

        At(29, 23, 30);
        var a4 = await Open("ana@acme.example");
        return new MonthlyReportScenario { App = app, Acme = acme, Globex = globex, AcmeTickets = [a1, a2, a3], April = a4, Agent = agent };
    }

    /// <summary>Runs the monthly report job's work once, as the job does.</summary>
    public async Task<Helpdesk.Core.Reports.MonthlyReportMailer.Outcome> RunMailerAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Reports.MonthlyReportMailer>().RunAsync();
    }

    public async Task<Helpdesk.Core.Reports.MonthlyReport> ReportAsync(int organization, NodaTime.YearMonth month)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Reports.MonthlyReports>().BuildAsync(organization, month))!;
    }
}
