using Helpdesk.Infrastructure.Data;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Reports;

/// <summary>
/// Every figure of the dashboard and the breach report on a data set built with the manual clock, against
/// values worked out by hand, on both databases. Office hours Mon–Fri 09:00–17:00 UTC; Normal priority targets:
/// first response 60 min, resolution 480 min.
/// </summary>
public sealed class ReportFiguresTests
{
    public static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres", "SqlServer" };

    /// <summary>The data set; returns the app (clock at Tuesday 12:00) and the six ticket numbers.</summary>
    public static async Task<(HelpdeskFactory App, int[] Numbers, int Billing)> BuildAsync(string provider)
    {
        var database = await TestDatabase.CreateAsync(Enum.Parse<DatabaseProvider>(provider));
        var app = new HelpdeskFactory(database);
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        var billing = await app.AddGroupAsync("Billing");
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
                [(SlaMetric.FirstResponse, TicketPriority.Normal, 60), (SlaMetric.NextResponse, TicketPriority.Normal, 120), (SlaMetric.Resolution, TicketPriority.Normal, 480)],
                app.Clock.GetUtcNow());
            store.Add(policy);
            await store.SaveChangesAsync();
        }

        void At(int day, int hour, int minute) => app.Clock.SetUtcNow(Monday.AddDays(day).AddHours(hour).AddMinutes(minute));
        async Task<int> Open(string email, int? group = null)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = email, Subject = $"Request of {email}", Description = "Help", GroupId = group, AssigneeId = agent }, agent)).Number;
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

        At(0, 9, 0);
        var t1 = await Open("one@acme.example");
        var t2 = await Open("two@acme.example");
        At(0, 9, 20);
        await Update(t1, "Looking into it.");                 // first response met: 20 min
        At(0, 10, 0);
        await Update(t1, null, TicketStatus.Solved);          // resolution met: 60 min
        At(0, 10, 30);
        await Update(t2, "Sorry for the wait.");              // first response met late: 90 min, breached at 10:00
        At(0, 16, 0);
        var t4 = await Open("four@acme.example");             // never answered: breaches at Mon 17:00
        At(0, 16, 30);
        var t3 = await Open("three@acme.example");
        At(1, 9, 10);
        await Update(t3, "Here is the answer.");              // first response met: 40 business min, 16 h 40 min calendar
        At(1, 10, 0);
        await Update(t2, null, TicketStatus.Solved);          // resolution met late: 540 business min, 25 h calendar
        At(1, 11, 0);
        var t5 = await Open("five@acme.example", billing);
        At(1, 11, 5);
        await Update(t5, "Done.");                            // first response met: 5 min
        At(1, 11, 10);
        var t6 = await Open("six@acme.example");              // at risk at noon: 75 % (45 min) passed at 11:55, due 12:10
        At(1, 11, 30);
        await Update(t5, null, TicketStatus.Solved);          // resolution met: 30 min
        At(1, 12, 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider).SweepAsync(CancellationToken.None);
        }

        return (app, [t1, t2, t3, t4, t5, t6], billing);
    }

    /// <summary>
    /// The satisfaction part, at Tuesday 12:00: #1 (every clock met) answered good at 12:01, #2 (both clocks late) bad
    /// at 12:02, #5 (met) unanswered, and a seventh ticket of Low priority, which the policy sets no target for (no
    /// SLA), opened and solved at 12:00 and answered good at 12:03. Returns the seventh ticket's number.
    /// </summary>
    public static async Task<int> AnswerSurveysAsync(HelpdeskFactory app, int[] n)
    {
        string agent;
        await using (var db = app.NewContext())
        {
            agent = (await db.Agents.SingleAsync(a => a.DisplayName == "Avery Agent")).Id;
        }

        int seventh;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            var ticket = await tickets.OpenAsync(new NewTicketInput
            {
                RequesterEmail = "seven@acme.example", Subject = "Request of seven@acme.example", Description = "Help", Priority = TicketPriority.Low, AssigneeId = agent,
            }, agent);
            seventh = ticket.Number;
            await tickets.UpdateAsync(seventh, new TicketUpdateInput
            {
                Version = ticket.Version, Body = "Done.", Status = TicketStatus.Solved, Priority = TicketPriority.Low, AssigneeId = agent,
            }, agent);
        }

        async Task Rate(int number, SatisfactionRating rating, string? comment, int minute)
        {
            app.Clock.SetUtcNow(Monday.AddDays(1).AddHours(12).AddMinutes(minute));
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SatisfactionService>().RateAsync(number, rating, comment);
        }

        await Rate(n[0], SatisfactionRating.Good, null, 1);
        await Rate(n[1], SatisfactionRating.Bad, "Two days for an answer", 2);
        await Rate(seventh, SatisfactionRating.Good, "Quick, thanks", 3);
        return seventh;
    }

    private static async Task<Dashboard> DashboardAsync(HelpdeskFactory app, ReportFilter filter)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IReportQueries>().DashboardAsync(filter, app.Clock.GetUtcNow());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task EveryDashboardFigureEqualsTheHandComputedValue(string provider)
    {
        var (app, n, billing) = await BuildAsync(provider);
        await using var _ = app;
        var period = new ReportFilter(Monday, Monday.AddDays(2));
        var d = await DashboardAsync(app, period);

        // Achievement: first response #1, #3, #5 met, #2 late, #4 breached, #6 running; resolution #1, #5 met, #2 late, #3, #4, #6 running.
        var first = d.Achievement.Single(a => a.Metric == SlaMetric.FirstResponse);
        Assert.Equal((3, 1, 1, 1), (first.Met, first.MetLate, first.Breached, first.Running));
        Assert.Equal(60.0, first.Percent);
        var resolution = d.Achievement.Single(a => a.Metric == SlaMetric.Resolution);
        Assert.Equal((2, 1, 0, 3), (resolution.Met, resolution.MetLate, resolution.Breached, resolution.Running));
        Assert.Equal(200.0 / 3, resolution.Percent!.Value, 6);
        var next = d.Achievement.Single(a => a.Metric == SlaMetric.NextResponse);
        Assert.Equal((0, 0, 0, 0), (next.Met, next.MetLate, next.Breached, next.Running));
        Assert.Null(next.Percent);

        // First response, business minutes 5, 20, 40, 90 (median rank 2, p90 rank 4); calendar 5, 20, 90, 1000.
        var fr = d.Durations.Single(x => x.Metric == SlaMetric.FirstResponse);
        Assert.Equal(4, fr.Count);
        Assert.Equal((TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(90)), (fr.BusinessMedian, fr.BusinessP90));
        Assert.Equal((TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(1000)), (fr.CalendarMedian, fr.CalendarP90));

        // Resolution, business minutes 30, 60, 540 (median rank 2, p90 rank 3); calendar 30, 60, 1500.
        var res = d.Durations.Single(x => x.Metric == SlaMetric.Resolution);
        Assert.Equal(3, res.Count);
        Assert.Equal((TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(540)), (res.BusinessMedian, res.BusinessP90));
        Assert.Equal((TimeSpan.FromMinutes(60), TimeSpan.FromMinutes(1500)), (res.CalendarMedian, res.CalendarP90));
        Assert.Equal(0, d.Durations.Single(x => x.Metric == SlaMetric.NextResponse).Count);

        // Monday: 4 opened, 1 solved, backlog 3; clocks started that day: met FR#1, FR#3, Res#1, missed FR#2, FR#4, Res#2.
        // Tuesday: 2 opened, 2 solved, backlog 3; met FR#5, Res#5.
        Assert.Equal(
            [(Monday, 4, 1, 3, 3, 3), (Monday.AddDays(1), 2, 2, 3, 2, 0)],
            d.Days.Select(x => (x.Start, x.Opened, x.Solved, x.Backlog, x.MetInTime, x.Missed)));

        // The days' hand-written SQL and the achievement's rule (ClockRules) say the same of every clock.
        Assert.Equal(d.Achievement.Sum(a => a.MetLate + a.Breached), d.Days.Sum(x => x.Missed));
        Assert.Equal(d.Achievement.Sum(a => a.Met), d.Days.Sum(x => x.MetInTime));

        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0], d.FirstResponseDistribution.Select(b => b.Count));
        Assert.Equal(3, d.Backlog);
        Assert.Equal([3, 0, 0, 0, 0], d.BacklogAges.Select(a => a.Count));
        var risk = Assert.Single(d.AtRisk);
        Assert.Equal((n[5], SlaMetric.FirstResponse, Monday.AddDays(1).AddHours(12).AddMinutes(10)), (risk.Number, risk.Metric, risk.DueAt));

        // A filter: the Billing group has #5 alone.
        var group = await DashboardAsync(app, period with { GroupId = billing });
        Assert.Equal((1, 0, 0, 0), group.Achievement.Where(a => a.Metric == SlaMetric.FirstResponse).Select(a => (a.Met, a.MetLate, a.Breached, a.Running)).Single());
        Assert.Equal([(0, 0), (1, 1)], group.Days.Select(x => (x.Opened, x.Solved)));
        Assert.Equal(0, group.Backlog);
        Assert.Empty(group.AtRisk);

        // A period of Tuesday alone: the backlog carried in from Monday is 3.
        var tuesday = await DashboardAsync(app, new ReportFilter(Monday.AddDays(1), Monday.AddDays(2)));
        Assert.Equal([(2, 2, 3)], tuesday.Days.Select(x => (x.Opened, x.Solved, x.Backlog)));
        Assert.Equal((1, 0, 0, 1), tuesday.Achievement.Where(a => a.Metric == SlaMetric.FirstResponse).Select(a => (a.Met, a.MetLate, a.Breached, a.Running)).Single());
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task SatisfactionPerPeriodAndBySlaOutcomeEqualsTheHandComputedValue(string provider)
    {
        var (app, n, billing) = await BuildAsync(provider);
        await using var _ = app;
        var seventh = await AnswerSurveysAsync(app, n);
        var period = new ReportFilter(Monday, Monday.AddDays(2));
        var s = (await DashboardAsync(app, period)).Satisfaction;

        // One survey per solved ticket (#1, #2, #5, #7), to its requester.
        await using (var db = app.NewContext())
        {
            var surveys = await db.Outbox.Where(m => m.Kind == Helpdesk.Core.Mail.OutboxKind.Survey).OrderBy(m => m.TicketNumber).ToListAsync();
            Assert.Equal([(n[0], "one@acme.example"), (n[1], "two@acme.example"), (n[4], "five@acme.example"), (seventh, "seven@acme.example")],
                surveys.Select(m => (m.TicketNumber!.Value, m.To)));
            Assert.False(await db.SlaClocks.AnyAsync(c => c.TicketNumber == seventh && c.State != SlaClockState.Cancelled));
        }

        // Sent 4, answered 3 (75 %), good 2 of 3 (66.67 %). SLA met: #1 good, #5 unanswered; missed: #2 bad; no SLA: #7 good.
        Assert.Equal((4, 2, 1), (s.Total.Sent, s.Total.Good, s.Total.Bad));
        Assert.Equal(75.0, s.Total.ResponsePercent);
        Assert.Equal(200.0 / 3, s.Total.GoodPercent!.Value, 6);
        Assert.Equal(
            [(SlaOutcome.Met, 2, 1, 0, (double?)100), (SlaOutcome.Missed, 1, 0, 1, 0), (SlaOutcome.NoSla, 1, 1, 0, 100)],
            s.BySla.Select(r => (r.Sla!.Value, r.Sent, r.Good, r.Bad, r.GoodPercent)));
        Assert.Equal(50.0, s.BySla[0].ResponsePercent);

        // Monday: #1's survey (good); Tuesday: #2 (bad), #5 (none), #7 (good).
        Assert.Equal([(Monday, 1, 1, 0), (Monday.AddDays(1), 3, 1, 1)], s.Days.Select(x => (x.Start, x.Sent, x.Good, x.Bad)));
        Assert.Equal(
            [
                (seventh, SatisfactionRating.Good, "Quick, thanks", SlaOutcome.NoSla, Monday.AddDays(1).AddHours(12).AddMinutes(3)),
                (n[1], SatisfactionRating.Bad, "Two days for an answer", SlaOutcome.Missed, Monday.AddDays(1).AddHours(12).AddMinutes(2)),
                (n[0], SatisfactionRating.Good, (string?)null, SlaOutcome.Met, Monday.AddDays(1).AddHours(12).AddMinutes(1)),
            ],
            s.Latest.Select(r => (r.Number, r.Rating, r.Comment, r.Sla, r.RatedAt)));

        // Filters: the Billing group has #5 alone (met, unanswered); Monday alone has #1's survey.
        var group = (await DashboardAsync(app, period with { GroupId = billing })).Satisfaction;
        Assert.Equal((1, 0, 0, (double?)null), (group.Total.Sent, group.Total.Good, group.Total.Bad, group.Total.GoodPercent));
        Assert.Equal([1, 0, 0], group.BySla.Select(r => r.Sent));
        var monday = (await DashboardAsync(app, new ReportFilter(Monday, Monday.AddDays(1)))).Satisfaction;
        Assert.Equal((1, 1, 0), (monday.Total.Sent, monday.Total.Good, monday.Total.Bad));
        Assert.Equal([n[0]], monday.Latest.Select(r => r.Number));
    }

    [SkippableTheory]
    [MemberData(nameof(Providers))]
    public async Task TheBreachReportListsEveryBreachedClockWithByHowMuchAndItsEscalations(string provider)
    {
        var (app, n, _) = await BuildAsync(provider);
        await using var _ = app;
        await using var scope = app.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<IReportQueries>()
            .Breaches(new ReportFilter(Monday, Monday.AddDays(2)), app.Clock.GetUtcNow(), 100).ToListAsync();

        // Resolution of #2 and first response of #4 breached at Mon 17:00; first response of #2 at Mon 10:00.
        Assert.Equal(
            [
                (n[1], SlaMetric.Resolution, Monday.AddHours(17), TimeSpan.FromMinutes(60), false),
                (n[3], SlaMetric.FirstResponse, Monday.AddHours(17), TimeSpan.FromMinutes(180), true),
                (n[1], SlaMetric.FirstResponse, Monday.AddHours(10), TimeSpan.FromMinutes(30), false),
            ],
            rows.Select(r => (r.Number, r.Metric, r.BreachedAt, r.Over, r.Open)));
        Assert.All(rows, r => Assert.Equal(3, r.Escalations)); // 75 %, 90 % and the breach
        Assert.All(rows, r => Assert.Equal("Avery Agent", r.Assignee));
    }
}
