using System.Net;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Integration.Reports;
using Helpdesk.Tests.Support;

namespace Helpdesk.Tests.Web;

/// <summary>The dashboard page and its CSV exports on the hand-computed data set of <see cref="ReportFiguresTests"/>.</summary>
public sealed class ReportWebTests
{
    private const string Period = "From=2026-03-02&To=2026-03-03";

    private static async Task<string> CsvAsync(WebSession session, string table)
    {
        var response = await session.GetAsync($"/reports/csv/{table}?{Period}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        return (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
    }

    [SkippableTheory]
    [MemberData(nameof(ReportFiguresTests.Providers), MemberType = typeof(ReportFiguresTests))]
    public async Task EveryFigureOnTheDashboardAndInTheCsvEqualsTheHandComputedValue(string provider)
    {
        var (app, n, _) = await ReportFiguresTests.BuildAsync(provider);
        await using var _ = app;
        await app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        var supervisor = app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");

        Assert.Equal(
            "metric,met,met_late,breached,running,achievement_percent\r\n" +
            "\"First response\",3,1,1,1,60\r\n\"Next response\",0,0,0,0,\r\n\"Resolution\",2,1,0,3,66.67\r\n",
            await CsvAsync(supervisor, "achievement"));
        Assert.Equal(
            "metric,stopped_clocks,business_median_minutes,business_p90_minutes,calendar_median_minutes,calendar_p90_minutes\r\n" +
            "\"First response\",4,20,90,20,1000\r\n\"Next response\",0,,,,\r\n\"Resolution\",3,60,540,60,1500\r\n",
            await CsvAsync(supervisor, "durations"));
        Assert.Equal(
            "day_start,opened,solved,backlog_at_end,clocks_met_in_time,clocks_missed,achievement_percent\r\n" +
            "2026-03-02T00:00:00Z,4,1,3,3,3,50\r\n2026-03-03T00:00:00Z,2,2,3,2,0,100\r\n",
            await CsvAsync(supervisor, "days"));
        Assert.StartsWith(
            "first_response_business_time,from_minutes,to_minutes,clocks\r\n\"< 15 min\",0,15,1\r\n\"15–30 min\",15,30,1\r\n\"30–60 min\",30,60,1\r\n\"1–2 h\",60,120,1\r\n\"2–4 h\",120,240,0\r\n",
            await CsvAsync(supervisor, "distribution"));
        Assert.Equal("age,unsolved_tickets\r\n\"< 1 day\",3\r\n\"1–3 days\",0\r\n\"3–7 days\",0\r\n\"7–30 days\",0\r\n\"≥ 30 days\",0\r\n", await CsvAsync(supervisor, "backlog"));
        Assert.Equal(
            $"ticket,subject,priority,assignee,metric,due_at\r\n{n[5]},\"Request of six@acme.example\",\"Normal\",\"Avery Agent\",\"First response\",2026-03-03T12:10:00Z\r\n",
            await CsvAsync(supervisor, "at-risk"));
        Assert.Equal(
            "ticket,subject,metric,cycle,priority,assignee,policy,breached_at,over_business_minutes,open,escalations\r\n" +
            $"{n[1]},\"Request of two@acme.example\",\"Resolution\",1,\"Normal\",\"Avery Agent\",\"Office\",2026-03-02T17:00:00Z,60,false,3\r\n" +
            $"{n[3]},\"Request of four@acme.example\",\"First response\",1,\"Normal\",\"Avery Agent\",\"Office\",2026-03-02T17:00:00Z,180,true,3\r\n" +
            $"{n[1]},\"Request of two@acme.example\",\"First response\",1,\"Normal\",\"Avery Agent\",\"Office\",2026-03-02T10:00:00Z,30,false,3\r\n",
            await CsvAsync(supervisor, "breaches"));

        // The page shows the same figures.
        var page = await supervisor.GetPageAsync($"/reports?{Period}");
        Assert.Contains("data-metric=\"FirstResponse\">60 %", page);
        Assert.Contains("data-metric=\"Resolution\">66.7 %", page);
        Assert.Contains("<th scope=\"row\">First response</th><td class=\"text-end\">4</td><td class=\"text-end\">20 min</td><td class=\"text-end\">1 h 30 min</td><td class=\"text-end\">20 min</td><td class=\"text-end\">16 h 40 min</td>", page);
        Assert.Contains("<th scope=\"row\">2026-03-02</th><td class=\"text-end\">4</td><td class=\"text-end\">1</td><td class=\"text-end\">3</td>", page);
        Assert.Contains("<span id=\"backlog-now\">3</span>", page);
        Assert.Contains($"href=\"/tickets/{n[5]}\"", page);
        var breaches = await supervisor.GetPageAsync($"/reports/breaches?{Period}");
        Assert.Contains("<td class=\"text-end\">3 h</td>", breaches);
        Assert.Contains("still open", breaches);

        // Satisfaction, after the surveys' answers (see ReportFiguresTests.AnswerSurveysAsync).
        var seventh = await ReportFiguresTests.AnswerSurveysAsync(app, n);
        Assert.Equal(
            "tickets,surveys_sent,answered,good,bad,response_percent,good_percent\r\n" +
            "\"All\",4,3,2,1,75,66.67\r\n\"SLA met\",2,1,1,0,50,100\r\n\"SLA missed\",1,1,0,1,100,0\r\n\"No SLA\",1,1,1,0,100,100\r\n",
            await CsvAsync(supervisor, "satisfaction"));
        Assert.Equal(
            "day_start,surveys_sent,good,bad,good_percent\r\n2026-03-02T00:00:00Z,1,1,0,100\r\n2026-03-03T00:00:00Z,3,1,1,50\r\n",
            await CsvAsync(supervisor, "satisfaction-days"));
        Assert.Equal(
            "ticket,subject,assignee,rating,comment,rated_at,sla\r\n" +
            $"{seventh},\"Request of seven@acme.example\",\"Avery Agent\",\"Good\",\"Quick, thanks\",2026-03-03T12:03:00Z,\"No SLA\"\r\n" +
            $"{n[1]},\"Request of two@acme.example\",\"Avery Agent\",\"Bad\",\"Two days for an answer\",2026-03-03T12:02:00Z,\"SLA missed\"\r\n" +
            $"{n[0]},\"Request of one@acme.example\",\"Avery Agent\",\"Good\",,2026-03-03T12:01:00Z,\"SLA met\"\r\n",
            await CsvAsync(supervisor, "ratings"));
        page = await supervisor.GetPageAsync($"/reports?{Period}");
        Assert.Contains("id=\"satisfaction-score\">66.7 %", page);
        Assert.Contains("<tr data-sla=\"Missed\"><th scope=\"row\">SLA missed</th><td class=\"text-end\">1</td><td class=\"text-end\">1</td><td class=\"text-end\">0</td><td class=\"text-end\">1</td><td class=\"text-end\">100 %</td><td class=\"text-end\">0 %</td></tr>", page);
        Assert.Contains("Two days for an answer", page);
    }

    [Fact]
    public async Task OnlySupervisorsSeeReportsAndABackwardsPeriodIsAFieldError()
    {
        await using var app = new HelpdeskFactory();
        await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        await app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        var agent = app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/reports/csv/achievement")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Session().GetAsync("/reports")).StatusCode);

        var supervisor = app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");
        var page = await supervisor.GetPageAsync("/reports");
        Assert.Contains("value=\"2026-02-01\"", page); // the last 30 days by default, to today (2026-03-02)
        var backwards = await supervisor.GetAsync("/reports?From=2026-03-02&To=2026-03-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("The end of the period is before its start.", await backwards.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await supervisor.GetAsync("/reports/csv/nothing")).StatusCode);
    }
}
