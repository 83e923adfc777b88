using System.Net;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Helpdesk.Tests.Unit.Sla;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

public sealed class SlaAdminTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _admin = null!;

    public async Task InitializeAsync()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex Admin", Roles.All.ToArray());
        _admin = _app.Session();
        await _admin.LoginAsync("admin@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> CreateCalendarAsync(string json)
    {
        var response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", [new("Input.Json", json)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<KeyValuePair<string, string>> PolicyForm(string name, int calendarId, bool active = true, string firstResponseNormal = "60")
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Input.Name", name), new("Input.CalendarId", calendarId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.IsActive", active ? "true" : "false"), new("Input.WarnPercents", "75, 90"),
            new("Input.PauseStatuses", "Pending"), new("Input.PauseStatuses", "OnHold"),
        };
        for (var i = 0; i < 12; i++)
        {
            var value = i == PolicyInput.Cell(SlaMetric.FirstResponse, Helpdesk.Core.Domain.TicketPriority.Normal) ? firstResponseNormal
                : i == PolicyInput.Cell(SlaMetric.Resolution, Helpdesk.Core.Domain.TicketPriority.Normal) ? "480"
                : "";
            form.Add(new($"Input.Targets[{i}]", value));
        }

        return form;
    }

    [Fact]
    public async Task ABadCalendarShowsErrorsNamingTheFieldAndSavesNothing()
    {
        var response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new",
            [new("Input.Json", """{"name":"x","timeZone":"Europe/Lisbn","week":{"monday":[["09:00","13:00"],["12:00","17:00"]]}}""")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("timeZone: unknown time zone &#x27;Europe/Lisbn&#x27;", html);
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.SlaCalendars.CountAsync());
    }

    [Fact]
    public async Task ACalendarIsSavedExportedAndAnswersTheDueCalculator()
    {
        var id = await CreateCalendarAsync(BusinessCalendarTests.Lisbon);

        var export = await _admin.GetAsync($"/admin/calendars/{id}/export");
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        var json = await export.Content.ReadAsStringAsync();
        Assert.True(CalendarDefinition.Parse(json).Succeeded);
        Assert.Contains("\"Europe/Lisbon\"", json);

        var page = await _admin.GetPageAsync($"/admin/calendars/{id}?start=2026-03-27T16:30:00Z&minutes=480&from=2026-03-27T16:30:00Z&to=2026-03-30T08:30:00Z");
        Assert.Contains("2026-03-30T08:30:00Z", page);
        Assert.Contains("480 business minutes", page);
    }

    private static List<KeyValuePair<string, string>> CalendarForm(string name, string monday, params (string Date, string Name, string Open)[] holidays)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Input.Mode", "form"), new("Input.Name", name), new("Input.TimeZone", "Europe/Lisbon"),
            new("Input.Week[0]", monday), new("Input.Week[1]", "9:00-18:00"), new("Input.Week[2]", ""), new("Input.Week[3]", "22:00 to 06:00"),
            new("Input.Week[4]", "09:00–24:00"), new("Input.Week[5]", ""), new("Input.Week[6]", "closed"),
        };
        for (var i = 0; i < holidays.Length; i++)
        {
            form.Add(new($"Input.Holidays[{i}].Date", holidays[i].Date));
            form.Add(new($"Input.Holidays[{i}].Name", holidays[i].Name));
            form.Add(new($"Input.Holidays[{i}].Open", holidays[i].Open));
        }

        return form;
    }

    [Fact]
    public async Task ACalendarIsWrittenWithTheFormItsWeekHolidaysAndAnImportedListAndShownAgainAsTyped()
    {
        var form = CalendarForm("Lisbon <office>", "09:00–13:00, 14:00–18:00", ("2026-12-24", "Christmas Eve", "09:00-13:00"), ("2026-12-25", "Natal & família", ""), ("", "", ""));
        form.Add(new("Input.Import", """
            # Portuguese holidays
            2027-01-01 Ano Novo
            2026-12-25,Christmas again (already listed: kept as it is)
            BEGIN:VCALENDAR
            BEGIN:VEVENT
            DTSTART;VALUE=DATE:20270425
            SUMMARY:Dia da Liberdade
            END:VEVENT
            END:VCALENDAR
            """));
        var saved = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, saved.StatusCode); // a list and an .ics file are two imports, not one text
        Assert.Contains("does not start with a date", await saved.Content.ReadAsStringAsync());

        form.RemoveAll(f => f.Key == "Input.Import");
        form.Add(new("Input.Import", "# Portuguese holidays\n2027-01-01 Ano Novo\n2026-12-25,Christmas again\n"));
        saved = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = int.Parse(saved.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        await using (var db = _app.NewContext())
        {
            var calendar = (await db.SlaCalendars.SingleAsync(c => c.Id == id)).Definition;
            Assert.Equal("Lisbon <office>", calendar.Name);
            Assert.Equal([new OpenInterval(9 * 60, 13 * 60), new OpenInterval(14 * 60, 18 * 60)], calendar.On(NodaTime.IsoDayOfWeek.Monday));
            Assert.Equal([new OpenInterval(22 * 60, 30 * 60)], calendar.On(NodaTime.IsoDayOfWeek.Thursday));
            Assert.Empty(calendar.On(NodaTime.IsoDayOfWeek.Sunday));
            Assert.Equal(["2026-12-24 Christmas Eve 09:00–13:00", "2026-12-25 Natal & família ", "2027-01-01 Ano Novo "],
                calendar.Holidays.Select(h => $"{h.Date:yyyy-MM-dd} {h.Name} {string.Join(", ", h.Open)}"));
        }

        // The page shows the form filled in, and the JSON with the characters as typed (not \u003C).
        var page = await _admin.GetPageAsync($"/admin/calendars/{id}");
        Assert.Contains("value=\"09:00–13:00, 14:00–18:00\"", page);
        Assert.Contains("value=\"Natal &amp; família\"", page);
        Assert.Contains("&quot;name&quot;: &quot;Lisbon &lt;office&gt;&quot;", page);
        Assert.DoesNotContain("\\u003C", page);
        var export = await (await _admin.GetAsync($"/admin/calendars/{id}/export")).Content.ReadAsStringAsync();
        Assert.Contains("\"Lisbon <office>\"", export);

        // An .ics file's text imports its all-day events.
        var edit = CalendarForm("Lisbon <office>", "09:00–13:00, 14:00–18:00");
        edit.Add(new("Input.Import", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270425\r\nSUMMARY:Dia da Liberdade\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"));
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync($"/admin/calendars/{id}", $"/admin/calendars/{id}", edit)).StatusCode);
        await using (var db = _app.NewContext())
        {
            var holiday = Assert.Single((await db.SlaCalendars.SingleAsync(c => c.Id == id)).Definition.Holidays);
            Assert.Equal(("2027-04-25", "Dia da Liberdade", true), (holiday.Date.ToString("yyyy-MM-dd", null), holiday.Name, holiday.IsClosedAllDay));
        }
    }

    [Fact]
    public async Task TheCalendarFormMarksTheDayThatCannotBeReadOrOverlapsAndSavesNothing()
    {
        var response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", CalendarForm("Office", "9-5"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Monday: &#x27;9-5&#x27; is not an interval like 09:00–17:00.", html);
        Assert.Matches("id=\"week-0\"[^>]*is-invalid", html);

        response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", CalendarForm("Office", "09:00-13:00, 12:00-17:00", ("2026-13-01", "", "")));
        html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("&#x27;2026-13-01&#x27; is not a date (yyyy-MM-dd).", html);

        response = await _admin.PostFormAsync("/admin/calendars/new", "/admin/calendars/new", CalendarForm("Office", "09:00-13:00, 12:00-17:00"));
        html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Monday: 09:00–13:00 overlaps 12:00–17:00.", html);
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.SlaCalendars.CountAsync());
    }

    [Fact]
    public async Task TheCalculatorTakesTheCalendarsLocalTime()
    {
        var id = await CreateCalendarAsync(BusinessCalendarTests.Lisbon);
        // Friday 27 March 2026, 16:30 in Lisbon (UTC+0 until the 29th): 480 business minutes run Friday to 24:00, then Monday.
        var page = await _admin.GetPageAsync($"/admin/calendars/{id}?start=2026-03-27T16:30&minutes=480&from=2026-03-27T16:30&to=2026-03-30T09:30");
        Assert.Contains("Due <strong>Monday 30 March 2026, 09:30 Europe/Lisbon time (2026-03-30T08:30:00Z)</strong>", page);
        Assert.Contains("480 business minutes", page);
        Assert.Contains("type=\"datetime-local\"", page);
    }

    [Fact]
    public async Task AnInvalidPolicyShowsFieldErrors()
    {
        var calendar = await CreateCalendarAsync(BusinessCalendarTests.Lisbon);
        var form = PolicyForm("", calendar);
        form.RemoveAll(f => f.Key == "Input.WarnPercents");
        form.Add(new("Input.WarnPercents", "150"));

        var response = await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Name the policy.", html);
        Assert.Contains("percentages of the target between 1 and 99", html);
    }

    [Fact]
    public async Task AddingChangingAndDeactivatingAPolicyRecomputesTheClocksOfUnsolvedTickets()
    {
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        var created = await agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "No policy yet"),
            new("Input.Description", "Help"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await using (var db = _app.NewContext())
        {
            Assert.Empty(await db.SlaClocks.Where(c => c.TicketNumber == number).ToListAsync());
        }

        var calendar = await CreateCalendarAsync(CalendarDefinition.TwentyFourSeven("Always", "UTC").ToJson());
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var saved = await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", PolicyForm("Standard", calendar));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await RecomputedAsync();

        var now = _app.Clock.GetUtcNow();
        SlaClock first;
        await using (var db = _app.NewContext())
        {
            first = await db.SlaClocks.SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.FirstResponse);
            Assert.Equal(now.AddMinutes(60), first.DueAt);
            Assert.Equal(now.AddMinutes(60), (await db.Tickets.SingleAsync(t => t.Number == number)).SlaDueAt);
        }

        var policyId = System.Text.RegularExpressions.Regex.Match(await _admin.GetPageAsync("/admin/policies"), "href=\"/admin/policies/(\\d+)\"").Groups[1].Value;
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync($"/admin/policies/{policyId}", $"/admin/policies/{policyId}", PolicyForm("Standard", calendar, firstResponseNormal: "30"))).StatusCode);
        await RecomputedAsync();
        await using (var db = _app.NewContext())
        {
            first = await db.SlaClocks.SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.FirstResponse);
            Assert.Equal(30, first.TargetMinutes);
            Assert.Equal(TimeSpan.FromMinutes(20), first.Used);
            Assert.Equal(_app.Clock.GetUtcNow().AddMinutes(10), first.DueAt);
            Assert.Contains(await db.SlaEvents.Where(e => e.TicketNumber == number).Select(e => e.Detail).ToListAsync(), d => d.Contains("policy Standard changed", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync($"/admin/policies/{policyId}", $"/admin/policies/{policyId}", PolicyForm("Standard", calendar, active: false))).StatusCode);
        await RecomputedAsync();
        await using (var db = _app.NewContext())
        {
            Assert.All(await db.SlaClocks.Where(c => c.TicketNumber == number).ToListAsync(), c => Assert.Equal(SlaClockState.Cancelled, c.State));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/policies")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/calendars")).StatusCode);
    }

    [Fact]
    public async Task DeletingAPolicyAsksFirstMovesItsTicketsToTheNextPolicyAndKeepsThePastClocksName()
    {
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        var calendar = await CreateCalendarAsync(CalendarDefinition.TwentyFourSeven("Always", "UTC").ToJson());
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", PolicyForm("Everyone", calendar, firstResponseNormal: "120"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", PolicyForm("Phone first", calendar, firstResponseNormal: "30"))).StatusCode);
        await RecomputedAsync();
        var created = await agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "Call me"),
            new("Input.Description", "Help"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        int phoneFirst;
        await using (var db = _app.NewContext())
        {
            // Placed above the catch-all, the new policy is the one that applies.
            var clock = await db.SlaClocks.SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.FirstResponse);
            Assert.Equal("Phone first", clock.PolicyName);
            phoneFirst = clock.PolicyId!.Value;
        }

        // The edit page says what deleting does before it is done.
        var page = await _admin.GetPageAsync($"/admin/policies/{phoneFirst}");
        Assert.Contains($"action=\"/admin/policies/{phoneFirst}/delete\"", page);
        Assert.Contains("data-confirm=\"Delete the policy Phone first? The 2 running clocks of unsolved tickets on it will move", page);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        var deleted = await _admin.PostFormAsync($"/admin/policies/{phoneFirst}", $"/admin/policies/{phoneFirst}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Contains("Policy Phone first deleted. The 2 running clocks", await _admin.GetPageAsync("/admin/policies"));
        await RecomputedAsync();

        await using (var db = _app.NewContext())
        {
            Assert.Null(await db.SlaPolicies.FirstOrDefaultAsync(p => p.Id == phoneFirst));
            var remaining = await db.SlaPolicies.SingleAsync();
            Assert.Equal(1, remaining.Position);
            var clock = await db.SlaClocks.SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.FirstResponse);
            Assert.Equal("Everyone", clock.PolicyName);
            Assert.Equal(120, clock.TargetMinutes);
            Assert.Equal(TimeSpan.FromMinutes(10), clock.Used);
            Assert.Contains(await db.SlaEvents.Where(e => e.TicketNumber == number).Select(e => e.Detail).ToListAsync(),
                d => d.Contains("on Phone first → 2 h on Everyone", StringComparison.Ordinal) && d.Contains("policy Phone first deleted", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostFormAsync("/tickets/new", $"/admin/policies/{phoneFirst}/delete", [])).StatusCode);
    }

    [Fact]
    public async Task ThePolicyFormSavesEachLevelsActionsAndTheRemindersAndShowsThemAgain()
    {
        var agentId = await _app.CreateUserAsync("bea@helpdesk.example", "Bea Backup", Roles.Agent);
        var calendar = await CreateCalendarAsync(CalendarDefinition.TwentyFourSeven("Always", "UTC").ToJson());
        var form = PolicyForm("Escalating", calendar);
        form.AddRange(
        [
            new("Input.Levels[0].Level", "75"), new("Input.Levels[0].Alert", "false"), new("Input.Levels[0].AgentId", agentId), new("Input.Levels[0].Tag", "sla-at-risk"),
            new("Input.Levels[1].Level", "90"), new("Input.Levels[1].Alert", "true"), new("Input.Levels[1].Alert", "false"),
            new("Input.Levels[2].Level", "100"), new("Input.Levels[2].Alert", "true"), new("Input.Levels[2].Alert", "false"), new("Input.Levels[2].RaisePriority", "Urgent"),
            new("Input.ReminderEveryMinutes", "120"), new("Input.ReminderLimit", "4"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", form)).StatusCode);

        await using (var db = _app.NewContext())
        {
            var policy = await db.SlaPolicies.Include(p => p.LevelActions).SingleAsync(p => p.Name == "Escalating");
            Assert.Equal([75, 100], policy.LevelActions.Select(a => a.Level));
            Assert.False(policy.ActionAt(75).AlertSupervisors);
            Assert.Equal(agentId, policy.ActionAt(75).AgentId);
            Assert.True(policy.ActionAt(90).IsDefault);
            Assert.Equal(Helpdesk.Core.Domain.TicketPriority.Urgent, policy.ActionAt(100).RaisePriority);
            Assert.Equal((120, 4), (policy.ReminderEveryMinutes!.Value, policy.ReminderLimit));
        }

        var policyId = System.Text.RegularExpressions.Regex.Match(await _admin.GetPageAsync("/admin/policies"), "href=\"/admin/policies/(\\d+)\"").Groups[1].Value;
        var page = await _admin.GetPageAsync($"/admin/policies/{policyId}");
        Assert.Matches("name=\"Input.Levels\\[0\\].Alert\" value=\"true\" aria-label=\"75 %: email the supervisors\">", page);
        Assert.Contains($"<option value=\"{agentId}\" selected=\"selected\">Bea Backup</option>", page);
        Assert.Contains("<option value=\"Urgent\" selected=\"selected\">Urgent</option>", page);
        Assert.Contains("value=\"120\"", page);

        form.RemoveAll(f => f.Key == "Input.Levels[0].Tag");
        form.Add(new("Input.Levels[0].Tag", "two words"));
        var invalid = await _admin.PostFormAsync($"/admin/policies/{policyId}", $"/admin/policies/{policyId}", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var invalidHtml = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("One tag, without spaces.", invalidHtml);
    }

    [Fact]
    public async Task ARecomputeLeftUnfinishedByACrashIsResumedWhenTheAppStartsAgain()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        int number;
        await using (var first = new HelpdeskFactory(database, ownsDatabase: false))
        {
            var agentId = await first.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
            await first.AddStandardPolicyAsync();
            await using var scope = first.Services.CreateAsyncScope();
            number = (await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Services.TicketService>()
                .OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "Slow", Description = "Help" }, agentId)).Number;

            // The change and its request are committed; the process dies before the recompute runs.
            var store = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Ports.ISlaStore>();
            var previous = await store.SetupAsync();
            var policy = (await store.FindPolicyAsync((await store.PoliciesAsync()).Single().Id))!;
            policy.Update(policy.Name, policy.CalendarId, true, [], [], [], [], policy.PauseStatuses, policy.WarnPercents,
                [(SlaMetric.FirstResponse, Helpdesk.Core.Domain.TicketPriority.Normal, 30)], first.Clock.GetUtcNow());
            store.Add(new SlaRecomputeRequest(previous, first.Clock.GetUtcNow(), "policy Standard changed before a crash"));
            await store.SaveChangesAsync();
        }

        // The next start with jobs on: the recurring recompute finds the request the crash left open.
        await using var second = new HelpdeskFactory(database, ownsDatabase: false, new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "true", ["Jobs:RecomputeSeconds"] = "1", ["Jobs:SweepSeconds"] = "3600", ["Jobs:OutboxSeconds"] = "3600", ["Jobs:MailboxSeconds"] = "3600",
        });
        _ = second.Services;
        await using var db = second.NewContext();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await db.Set<SlaRecomputeRequest>().AsNoTracking().SingleAsync()).CompletedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the recurring recompute never completed the request");
            await Task.Delay(200);
        }

        var clock = await db.SlaClocks.SingleAsync(c => c.TicketNumber == number && c.Metric == SlaMetric.FirstResponse);
        Assert.Equal(30, clock.TargetMinutes);
        Assert.Contains(await db.SlaEvents.Where(e => e.TicketNumber == number).Select(e => e.Detail).ToListAsync(),
            d => d.Contains("before a crash", StringComparison.Ordinal));
    }

    /// <summary>What the recompute job does when the change queues it (the test app runs no job server).</summary>
    private async Task RecomputedAsync() =>
        await _app.Services.GetRequiredService<SlaRecomputeService>().RunPendingAsync(CancellationToken.None);

    [Fact]
    public async Task ANewPolicyGoesAboveACatchAllThatWouldHideItAndAPolicyThatCanNeverApplySaysSo()
    {
        var calendar = await CreateCalendarAsync(CalendarDefinition.TwentyFourSeven("Always", "UTC").ToJson());
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", PolicyForm("Standard", calendar))).StatusCode);

        // A narrower policy added after the catch-all is placed above it, and the notice says so.
        var vip = PolicyForm("Urgent only", calendar);
        vip.Add(new("Input.Priorities", "Urgent"));
        var saved = await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", vip);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = System.Net.WebUtility.HtmlDecode(await _admin.GetPageAsync("/admin/policies"));
        Assert.Contains("placed above Standard, which matches every ticket it does", list);
        Assert.True(list.IndexOf("Urgent only", StringComparison.Ordinal) < list.IndexOf(">Standard<", StringComparison.Ordinal), "the new policy is listed first");
        Assert.DoesNotContain("Never applies", list);

        // Moved below the catch-all, the list says it never applies; saving it says so too.
        int urgentId;
        await using (var db = _app.NewContext())
        {
            urgentId = await db.SlaPolicies.Where(p => p.Name == "Urgent only").Select(p => p.Id).SingleAsync();
            Assert.Equal(1, await db.SlaPolicies.Where(p => p.Name == "Urgent only").Select(p => p.Position).SingleAsync());
        }

        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies", $"/admin/policies/{urgentId}/move", [new("up", "false")])).StatusCode);
        list = System.Net.WebUtility.HtmlDecode(await _admin.GetPageAsync("/admin/policies"));
        Assert.Contains("Never applies: Standard above it matches every ticket it does.", list);
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync($"/admin/policies/{urgentId}", $"/admin/policies/{urgentId}", vip)).StatusCode);
        Assert.Contains("saved, but it never applies: Standard, above it, matches every ticket it does", System.Net.WebUtility.HtmlDecode(await _admin.GetPageAsync("/admin/policies")));
    }

    [Fact]
    public async Task TargetsAreWrittenAndShownInHoursAndMinutesAndABadCellIsMarked()
    {
        var calendar = await CreateCalendarAsync(CalendarDefinition.TwentyFourSeven("Always", "UTC").ToJson());
        var form = PolicyForm("Standard", calendar, firstResponseNormal: "1 h 30 min");
        void Set(Helpdesk.Core.Domain.TicketPriority priority, string value)
        {
            var key = $"Input.Targets[{PolicyInput.Cell(SlaMetric.FirstResponse, priority)}]";
            form[form.FindIndex(f => f.Key == key)] = new(key, value);
        }

        Set(Helpdesk.Core.Domain.TicketPriority.Urgent, "0:15");
        Set(Helpdesk.Core.Domain.TicketPriority.High, "4h");
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", form)).StatusCode);

        await using (var db = _app.NewContext())
        {
            var policy = await db.SlaPolicies.Include(p => p.Targets).SingleAsync();
            Assert.Equal(90, policy.TargetMinutes(SlaMetric.FirstResponse, Helpdesk.Core.Domain.TicketPriority.Normal));
            Assert.Equal(15, policy.TargetMinutes(SlaMetric.FirstResponse, Helpdesk.Core.Domain.TicketPriority.Urgent));
            Assert.Equal(240, policy.TargetMinutes(SlaMetric.FirstResponse, Helpdesk.Core.Domain.TicketPriority.High));
            var edit = await _admin.GetPageAsync($"/admin/policies/{policy.Id}");
            Assert.Contains("value=\"1 h 30 min\"", edit);
            Assert.Contains("value=\"4 h\"", edit);
            Assert.Contains("value=\"15 min\"", edit);
        }

        var bad = PolicyForm("Second", calendar, firstResponseNormal: "soon");
        var refused = await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", bad);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Write a target as business hours and minutes", html);
        Assert.Matches("class=\"form-control form-control-sm is-invalid\" name=\"Input.Targets\\[" + PolicyInput.Cell(SlaMetric.FirstResponse, Helpdesk.Core.Domain.TicketPriority.Normal) + "\\]\" value=\"soon\"", html);
    }

    [Fact]
    public async Task ACalendarNothingUsesCanBeDeletedAndOneInUseIsKept()
    {
        var used = await CreateCalendarAsync(CalendarDefinition.TwentyFourSeven("Always", "UTC").ToJson());
        var spare = await CreateCalendarAsync(BusinessCalendarTests.Lisbon);
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync("/admin/policies/new", "/admin/policies/new", PolicyForm("Standard", used))).StatusCode);

        Assert.Contains("Delete calendar", await _admin.GetPageAsync($"/admin/calendars/{spare}"));
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync($"/admin/calendars/{used}", $"/admin/calendars/{used}/delete", [])).StatusCode);
        Assert.Contains("is still used by 1 policy and 0 ticket clocks; it was not deleted.", System.Net.WebUtility.HtmlDecode(await _admin.GetPageAsync($"/admin/calendars/{used}")));

        var deleted = await _admin.PostFormAsync($"/admin/calendars/{spare}", $"/admin/calendars/{spare}/delete", []);
        Assert.Equal("/admin/calendars", deleted.Headers.Location!.OriginalString);
        await using var db = _app.NewContext();
        Assert.Equal([used], await db.SlaCalendars.Select(c => c.Id).ToListAsync());
    }
}
