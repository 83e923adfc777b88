using Helpdesk.Core.Mail;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Helpdesk.Tests.Integration.Reports;

/// <summary>
/// The monthly report's figures against values worked out by hand (<see cref="MonthlyReportScenario"/>), and its email:
/// due when the month's first business day opens, sent once to the contacts who asked for it.
/// </summary>
public sealed class MonthlyReportTests
{
    private static readonly YearMonth March = new(2026, 3);

    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres", "SqlServer" };

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task AcmesMarchEqualsTheHandComputedFigures(string provider)
    {
        var s = await MonthlyReportScenario.BuildAsync(Enum.Parse<DatabaseProvider>(provider));
        await using var _ = s.App;
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));

        var r = await s.ReportAsync(s.Acme, March);

        // The month in Lisbon: 1 March 00:00 UTC (winter) to 31 March 23:00 UTC (summer); A4 at 23:30 UTC is April's.
        Assert.Equal((new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 31, 23, 0, 0, TimeSpan.Zero)), (r.From, r.To));
        Assert.True(r.Complete);
        Assert.Equal((3, 3), (r.Summary.Opened, r.Summary.Solved));

        var first = r.Summary.Achievement.Single(a => a.Metric == SlaMetric.FirstResponse);
        Assert.Equal((2, 1, 0, 0), (first.Met, first.MetLate, first.Breached, first.Running));
        var resolution = r.Summary.Achievement.Single(a => a.Metric == SlaMetric.Resolution);
        Assert.Equal((2, 1, 0, 0), (resolution.Met, resolution.MetLate, resolution.Breached, resolution.Running));
        Assert.Equal("First response: 2 of 3 in time (66.66 %); 1 late", MonthlyReportText.Achieved(first));

        // Per target: Urgent 15 min (A3 met), Normal 60 min (A1 met, A2 late); Urgent 120 min (A3), Normal 480 min (A1 met, A2 late).
        Assert.Equal(
            [
                (SlaMetric.FirstResponse, 15, "Urgent", 1, 0), (SlaMetric.FirstResponse, 60, "Normal", 1, 1),
                (SlaMetric.Resolution, 120, "Urgent", 1, 0), (SlaMetric.Resolution, 480, "Normal", 1, 1),
            ],
            r.Summary.ByTarget.Select(t => (t.Metric, t.TargetMinutes, string.Join(",", t.Priorities), t.Met, t.MetLate)).ToList());

        // First response 10, 20, 90 business minutes: median 20, 90th percentile 90; resolution 60, 60, 540: median 60,
        // 90th percentile 540, and by the clock 60, 60, 1500 (A2 from Monday 09:00 to Tuesday 10:00).
        var fr = r.Summary.Durations.Single(d => d.Metric == SlaMetric.FirstResponse);
        Assert.Equal((3, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(90)), (fr.Count, fr.BusinessMedian, fr.BusinessP90));
        var res = r.Summary.Durations.Single(d => d.Metric == SlaMetric.Resolution);
        Assert.Equal((TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(540), TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(1500)),
            (res.BusinessMedian, res.BusinessP90, res.CalendarMedian, res.CalendarP90));

        // A2's two breaches, in the order they happened: first response at Monday 10:00 (30 min over), resolution at 17:00 (60 min over).
        Assert.Equal(
            [(s.AcmeTickets[1], SlaMetric.FirstResponse, 30.0, false), (s.AcmeTickets[1], SlaMetric.Resolution, 60.0, false)],
            r.Breaches.Select(b => (b.Number, b.Metric, b.Over.TotalMinutes, b.Open)).ToList());
        Assert.False(r.MoreBreaches);

        // Email, measured from its definition (Monday 2 March 09:00 UTC) to the month's end: 711 h, down 1 h (Globex's own
        // outage does not count for Acme): 710/711 = 99.859 %; the whole month allows 744 h × 0.1 % = 44.64 min, so 15.36 min too many.
        var mail = Assert.Single(r.Availability).Availability;
        Assert.Equal((Duration.FromHours(711), Duration.FromHours(1)), (mail.Measured, mail.Downtime));
        Assert.Equal(710.0 / 711, mail.Achieved!.Value, 12);
        Assert.Equal(Duration.FromSeconds(44 * 60 + 38.4) - Duration.FromHours(1), mail.BudgetLeft);
        Assert.False(mail.Met);
        Assert.Equal("Email: 99.859 % (target 99.9 %), down 1 h, 15 min more downtime than the target allows; target missed", MonthlyReportText.Service(r.Availability[0]));

        // Surveys went out when A1, A2 and A3 were solved; A1 good, A2 bad.
        Assert.Equal((3, 1, 1), (r.Summary.Satisfaction.Sent, r.Summary.Satisfaction.Good, r.Summary.Satisfaction.Bad));
        Assert.Equal("2 of 3 surveys answered: 1 good, 1 bad (50 % good).", MonthlyReportText.Satisfaction(r.Summary.Satisfaction));
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task GlobexSeesOnlyItsOwnTicketAndItsOwnOutage(string provider)
    {
        var s = await MonthlyReportScenario.BuildAsync(Enum.Parse<DatabaseProvider>(provider));
        await using var _ = s.App;
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));

        var r = await s.ReportAsync(s.Globex, March);

        // The helpdesk's zone (UTC); G1 was never answered: both clocks past their targets and still open.
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), r.To);
        Assert.Equal((1, 0), (r.Summary.Opened, r.Summary.Solved));
        Assert.All(r.Summary.Achievement.Where(a => a.Metric != SlaMetric.NextResponse), a => Assert.Equal((0, 1), (a.Met, a.Breached)));
        Assert.Equal(2, r.Breaches.Count);
        Assert.All(r.Breaches, b => Assert.True(b.Open));
        Assert.DoesNotContain(r.Breaches, b => s.AcmeTickets.Contains(b.Number));

        // Down 1 h for everyone and 2 h for Globex alone: 708/711.
        Assert.Equal(Duration.FromHours(3), Assert.Single(r.Availability).Availability.Downtime);
        Assert.Equal("99.578 %", MonthlyReportText.Availability(r.Availability[0].Availability.Achieved));
    }

    [SkippableFact]
    public async Task TheEmailGoesWhenTheFirstBusinessDayOpensOnceToTheContactWhoAskedWithTheFigures()
    {
        var s = await MonthlyReportScenario.BuildAsync(DatabaseProvider.Sqlite);
        await using var _ = s.App;

        // 1 April opens at 09:00 UTC in the Office calendar, for Acme (already 1 April in Lisbon at 23:00 UTC the day before) and Globex.
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 8, 59, 0, TimeSpan.Zero));
        Assert.Equal(new MonthlyReportMailer.Outcome(0, 0, 0), await s.RunMailerAsync());

        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(new MonthlyReportMailer.Outcome(2, 1, 0), await s.RunMailerAsync());
        s.App.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new MonthlyReportMailer.Outcome(0, 0, 0), await s.RunMailerAsync());

        await using var db = s.App.NewContext();
        var sent = Assert.Single(await db.Outbox.Where(m => m.Kind == OutboxKind.MonthlyReport).ToListAsync());
        Assert.Equal("ana@acme.example", sent.To);
        Assert.True(sent.Automatic);
        Assert.Equal("Acme: service report for March 2026", sent.Subject);
        Assert.Contains("Here is how we did for Acme in March 2026 (Lisbon time)", sent.Body);
        Assert.Contains("3 opened, 3 solved.", sent.Body);
        Assert.Contains("First response: 2 of 3 in time (66.66 %); 1 late", sent.Body);
        Assert.Contains("  Urgent: target 15 min (Office): 1 of 1 in time (100 %)", sent.Body);
        Assert.Contains($"#{s.AcmeTickets[1]}: First response, 30 min over its Normal target", sent.Body);
        Assert.Contains($"#{s.AcmeTickets[1]}: Resolution, 1 h over its Normal target", sent.Body);
        Assert.Contains("Email: 99.859 % (target 99.9 %)", sent.Body);
        Assert.Contains("2 of 3 surveys answered: 1 good, 1 bad (50 % good).", sent.Body);
        Assert.Contains("/portal/report?month=2026-03", sent.Body);
        Assert.DoesNotContain("Request of", sent.Body); // numbers, never subjects, in an email to a whole organization
        Assert.Contains("<li>First response: 2 of 3 in time (66.66 %); 1 late</li>", sent.HtmlBody);

        var runs = await db.Set<Helpdesk.Core.Domain.MonthlyReportRun>().OrderBy(r => r.OrganizationId).ToListAsync();
        Assert.Equal([(s.Acme, 202603, 1), (s.Globex, 202603, 0)], runs.Select(r => (r.OrganizationId, r.Month, r.Recipients)).ToList());
    }

    [SkippableFact]
    public async Task AContactWhoReadsPortugueseGetsTheReportInPortugueseWithTheSameFigures()
    {
        var s = await MonthlyReportScenario.BuildAsync(DatabaseProvider.Sqlite);
        await using var _ = s.App;
        await using (var db = s.App.NewContext())
        {
            (await db.Customers.SingleAsync(c => c.Email == "ana@acme.example")).SetLanguage(Helpdesk.Core.Domain.Languages.Portuguese);
            await db.SaveChangesAsync();
        }

        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(new MonthlyReportMailer.Outcome(2, 1, 0), await s.RunMailerAsync());

        // The figures of the English test above, in Portuguese words and numbers.
        await using var read = s.App.NewContext();
        var sent = Assert.Single(await read.Outbox.Where(m => m.Kind == OutboxKind.MonthlyReport).ToListAsync());
        Assert.Equal("Acme: relatório do serviço de março de 2026", sent.Subject);
        Assert.Contains("Eis como correu o serviço para Acme em março de 2026 (hora de Lisboa)", sent.Body);
        Assert.Contains("3 abertos, 3 resolvidos.", sent.Body);
        Assert.Contains("Primeira resposta: 2 de 3 a tempo (66,66 %); 1 tarde", sent.Body);
        Assert.Contains("  Urgente: objetivo 15 min (Office): 1 de 1 a tempo (100 %)", sent.Body);
        Assert.Contains($"#{s.AcmeTickets[1]}: Primeira resposta, 30 min acima do objetivo de prioridade Normal", sent.Body);
        Assert.Contains("Email: 99,859 % (objetivo 99,9 %)", sent.Body);
        Assert.Contains("2 de 3 inquéritos respondidos; respostas boas: 1, más: 1 (50 % boas).", sent.Body);
        Assert.Contains("<li>Primeira resposta: 2 de 3 a tempo (66,66 %); 1 tarde</li>", sent.HtmlBody);
        Assert.DoesNotContain(" of ", sent.Body);
    }

    [SkippableFact]
    public async Task AnOrganizationCreatedAfterTheMonthGetsNoReportForIt()
    {
        var s = await MonthlyReportScenario.BuildAsync(DatabaseProvider.Sqlite);
        await using var _ = s.App;
        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
        await using (var scope = s.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Services.DirectoryService>()
                .CreateOrganizationAsync(new Helpdesk.Core.Validation.OrganizationInput { Name = "Initech" });
        }

        s.App.Clock.SetUtcNow(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
        Assert.Equal(2, (await s.RunMailerAsync()).Reports);
    }

    [Fact]
    public async Task TwoNodesRunningAtOnceOnPostgresSendEachOrganizationsReportOnce()
    {
        var s = await MonthlyReportScenario.BuildAsync(DatabaseProvider.Postgres);
        await using var _ = s.App;

        // Twenty more organizations (made on 31 March), each with a contact who asked for the report.
        await using (var scope = s.App.Services.CreateAsyncScope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Services.DirectoryService>();
            for (var i = 0; i < 20; i++)
            {
                var org = await directory.CreateOrganizationAsync(new Helpdesk.Core.Validation.OrganizationInput { Name = $"Org {i:D2}" });
                var contact = await directory.CreateCustomerAsync(new Helpdesk.Core.Validation.CustomerInput { Email = $"c{i}@org{i}.example", OrganizationId = org.Id });
                await directory.UpdateCustomerAsync(contact.Id, new Helpdesk.Core.Validation.CustomerInput { Email = contact.Email, OrganizationId = org.Id, MonthlyReport = true });
            }
        }

        await using var other = new Helpdesk.Tests.Support.HelpdeskFactory(s.App.Database, ownsDatabase: false);
        var start = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
        s.App.Clock.SetUtcNow(start);
        other.Clock.SetUtcNow(start);
        async Task<MonthlyReportMailer.Outcome> RunOn(Helpdesk.Tests.Support.HelpdeskFactory node)
        {
            await using var scope = node.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<MonthlyReportMailer>().RunAsync();
        }

        var outcomes = await Task.WhenAll(Task.Run(() => RunOn(s.App)), Task.Run(() => RunOn(other)));

        Assert.Equal(22, outcomes.Sum(o => o.Reports));
        Assert.Equal(21, outcomes.Sum(o => o.Emails));
        await using var db = s.App.NewContext();
        var mail = await db.Outbox.Where(m => m.Kind == OutboxKind.MonthlyReport).Select(m => m.To).ToListAsync();
        Assert.Equal(21, mail.Count);
        Assert.Equal(21, mail.Distinct().Count());
        Assert.Equal(22, await db.Set<Helpdesk.Core.Domain.MonthlyReportRun>().CountAsync());
    }
}
