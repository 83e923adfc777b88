using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Sla.Simulation;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Simulation;

/// <summary>
/// The SLA simulator on a real database, over a history made through the app's own services with the manual clock.
/// Office hours Mon–Fri 09:00–17:00 UTC. Policy "Office": first response Normal 60 min, High 30 min; next response Normal
/// 120 min, High 60 min; resolution Normal 480 min, High 240 min; Pending pauses; a breach raises the priority to High.
/// <list type="bullet">
/// <item>T1 Normal, Mon 09:00: answered 09:20, solved 10:00 (20 and 60 min used).</item>
/// <item>T2 Normal, Mon 09:00: answered 09:50 (50 min), Pending 11:00 (120 min used); the customer writes Tue 09:00, answered 09:40
/// (next response 40 min); solved Tue 10:00 (resolution 180 min).</item>
/// <item>T3 Normal, Mon 09:00: first response breaches at 10:00 (the sweep raises it to High: 30 min, 240 min), answered 10:30;
/// solved 12:30 (resolution 210 min of 240).</item>
/// <item>T4 Normal, Mon 16:00: never answered: first response breaches Mon 17:00 (raised to High), resolution at Tue 12:00.</item>
/// <item>T5 Low, Mon 09:00: no target for Low, no clocks.</item>
/// <item>T6 Normal, Tue 09:00: answered 09:25, made High by the agent at 09:30, solved 10:50 (resolution 110 min of 240).</item>
/// </list>
/// Judged Wed 12:00. With every target halved (Normal 30 / 60 / 240, High 15 / 30 / 120), by hand: T2's first response breaches
/// at 09:30 (50 &gt; 30), which makes it High, so its next response (40 &gt; 30) and resolution (180 &gt; 120) are missed too, and
/// T3's resolution (210 &gt; 120); nothing the current setup misses is met.
/// </summary>
public sealed class SlaSimulatorTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    public sealed record Scenario(HelpdeskFactory App, int PolicyId, int[] Numbers);

    private static async Task<Scenario> BuildAsync(DatabaseProvider provider) => await BuildAsync(new HelpdeskFactory(await TestDatabase.CreateAsync(provider)));

    /// <summary>The history above in a given app (a browser test's, already serving), whose clock is still at its start.</summary>
    public static async Task<Scenario> BuildAsync(HelpdeskFactory app)
    {
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent, Roles.Supervisor);
        void At(int day, int hour, int minute) => app.Clock.SetUtcNow(Monday.AddDays(day).AddHours(hour).AddMinutes(minute));
        int policyId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<ISlaStore>();
            var calendar = new SlaCalendar(CalendarDefinition.Parse("""
                {"name":"Office","timeZone":"UTC","week":{"monday":[["09:00","17:00"]],"tuesday":[["09:00","17:00"]],"wednesday":[["09:00","17:00"]],
                 "thursday":[["09:00","17:00"]],"friday":[["09:00","17:00"]],"saturday":[],"sunday":[]},"holidays":[]}
                """).Calendar!, app.Clock.GetUtcNow());
            store.Add(calendar);
            await store.SaveChangesAsync();
            var policy = new SlaPolicy("Office", calendar.Id, 1);
            policy.Update("Office", calendar.Id, true, [], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90],
                [
                    (SlaMetric.FirstResponse, TicketPriority.Normal, 60), (SlaMetric.FirstResponse, TicketPriority.High, 30),
                    (SlaMetric.NextResponse, TicketPriority.Normal, 120), (SlaMetric.NextResponse, TicketPriority.High, 60),
                    (SlaMetric.Resolution, TicketPriority.Normal, 480), (SlaMetric.Resolution, TicketPriority.High, 240),
                ],
                app.Clock.GetUtcNow());
            policy.SetEscalation([new SlaLevelAction(SlaEscalation.BreachLevel, alertSupervisors: true, TicketPriority.High, null, null, null)], null, 0);
            store.Add(policy);
            await store.SaveChangesAsync();
            policyId = policy.Id;
        }

        async Task<int> Open(string email, TicketPriority priority = TicketPriority.Normal)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = email, Subject = $"Request of {email}", Description = "Help", Priority = priority, AssigneeId = agent, NotifyRequester = false },
                agent)).Number;
        }

        async Task Update(int number, string? reply, TicketStatus? status = null, TicketPriority? priority = null)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var ticket = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(number))!;
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number, new TicketUpdateInput
            {
                Version = ticket.Version, Body = reply, Visibility = MessageVisibility.Public, Status = status ?? (reply is null ? ticket.Status : TicketStatus.Open),
                Priority = priority ?? ticket.Priority, GroupId = ticket.GroupId, CategoryId = ticket.CategoryId, AssigneeId = ticket.AssigneeId, Tags = string.Join(" ", ticket.TagNames),
            }, agent);
        }

        async Task Sweep()
        {
            await using var scope = app.Services.CreateAsyncScope();
            await ActivatorUtilities.CreateInstance<Helpdesk.Infrastructure.Jobs.SweepSlaClocksJob>(scope.ServiceProvider).SweepAsync(CancellationToken.None);
        }

        At(0, 9, 0);
        var t1 = await Open("one@acme.example");
        var t2 = await Open("two@acme.example");
        var t3 = await Open("three@acme.example");
        var t5 = await Open("five@acme.example", TicketPriority.Low);
        At(0, 9, 20);
        await Update(t1, "Looking into it.");
        At(0, 9, 50);
        await Update(t2, "Could you send the log?");
        At(0, 10, 0);
        await Update(t1, null, TicketStatus.Solved);
        At(0, 10, 7);
        await Sweep(); // T3's first response breached at 10:00: raised to High now
        At(0, 10, 30);
        await Update(t3, "Sorry for the wait.");
        At(0, 11, 0);
        await Update(t2, null, TicketStatus.Pending);
        At(0, 12, 30);
        await Update(t3, null, TicketStatus.Solved);
        At(0, 16, 0);
        var t4 = await Open("four@acme.example");
        At(1, 9, 0);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var customer = await scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>().Customers.SingleAsync(c => c.Email == "two@acme.example");
            await scope.ServiceProvider.GetRequiredService<PortalService>().ReplyAsync(new PortalViewer(customer.Id, null), t2, "Here it is.", []);
        }

        var t6 = await Open("six@acme.example");
        At(1, 9, 3);
        await Sweep(); // T4's first response breached Mon 17:00
        At(1, 9, 25);
        await Update(t6, "On it.");
        At(1, 9, 30);
        await Update(t6, null, priority: TicketPriority.High);
        At(1, 9, 40);
        await Update(t2, "Thanks, fixed.");
        At(1, 10, 0);
        await Update(t2, null, TicketStatus.Solved);
        At(1, 10, 50);
        await Update(t6, null, TicketStatus.Solved);
        At(2, 12, 0);
        await Sweep();
        return new Scenario(app, policyId, [t1, t2, t3, t4, t5, t6]);
    }

    private static async Task<SimulationResult> SimulateAsync(Scenario s, Func<PolicyInput, PolicyInput> draft)
    {
        await using var scope = s.App.Services.CreateAsyncScope();
        var policy = (await scope.ServiceProvider.GetRequiredService<ISlaStore>().FindPolicyAsync(s.PolicyId))!;
        return await scope.ServiceProvider.GetRequiredService<SlaSimulationService>()
            .PolicyAsync(s.PolicyId, draft(PolicyInput.From(policy)), Monday, Monday.AddDays(7));
    }

    private static async Task<string> FootprintAsync(HelpdeskFactory app)
    {
        await using var db = app.NewContext();
        return string.Join(" ",
            await db.Tickets.SumAsync(t => t.Version), await db.SlaClocks.CountAsync(), await db.SlaEvents.CountAsync(), await db.AuditEntries.CountAsync(),
            await db.Outbox.CountAsync(), await db.Set<SlaEscalation>().CountAsync(), await db.Set<SlaRecomputeRequest>().CountAsync(),
            string.Join(",", await db.SlaClocks.OrderBy(c => c.Id).Select(c => c.UsedTicks).ToListAsync()),
            string.Join(",", await db.SlaPolicies.Select(p => p.UpdatedAt).ToListAsync()));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReplayingTheCurrentSetupReproducesEveryRecordedClockAndWritesNothing(DatabaseProvider provider)
    {
        var s = await BuildAsync(provider);
        await using var _ = s.App;
        var before = await FootprintAsync(s.App);

        var result = await SimulateAsync(s, input => input);

        Assert.Equal(6, result.Tickets);
        // T1 2, T2 3, T3 2, T4 2, T6 2 clocks; T5 none.
        Assert.Equal(11, result.RecordedClocks);
        Assert.Equal(result.RecordedClocks, result.Reproduced);
        Assert.Empty(result.NotReproduced);
        Assert.Equal(0, result.GainedCount);
        Assert.Equal(0, result.LostCount);
        Assert.All(result.Cells, c => Assert.Equal((c.CurrentMet, c.CurrentMissed), (c.DraftMet, c.DraftMissed)));
        Assert.Equal(result.CurrentEscalations, result.DraftEscalations);
        // Missed as recorded: T3's and T4's first responses, T4's resolution; 8 met.
        Assert.Equal((8, 3), (result.MetCurrent, result.MissedCurrent));
        Assert.Equal(before, await FootprintAsync(s.App));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task HalvedTargetsGiveTheBreachesWorkedOutByHand(DatabaseProvider provider)
    {
        var s = await BuildAsync(provider);
        await using var _ = s.App;
        var before = await FootprintAsync(s.App);
        var (t2, t3) = (s.Numbers[1], s.Numbers[2]);

        var result = await SimulateAsync(s, input =>
        {
            input.Targets = [.. input.Targets.Select(t => PolicyInput.ParseTarget(t) is int m and > 0 ? (m / 2).ToString(System.Globalization.CultureInfo.InvariantCulture) : t)];
            return input;
        });

        Assert.Equal(
            [(t2, SlaMetric.FirstResponse), (t2, SlaMetric.NextResponse), (t2, SlaMetric.Resolution), (t3, SlaMetric.Resolution)],
            result.Gained.Select(g => (g.Number, g.Metric)).Order().ToArray());
        var t3Resolution = result.Gained.Single(g => g.Number == t3);
        Assert.Equal((240, 120), (t3Resolution.CurrentTargetMinutes, t3Resolution.DraftTargetMinutes));
        Assert.Equal(TimeSpan.FromMinutes(210), t3Resolution.DraftUsed);
        Assert.Equal(TicketPriority.High, t3Resolution.Priority);
        var t2First = result.Gained.Single(g => g.Number == t2 && g.Metric == SlaMetric.FirstResponse);
        Assert.Equal((60, 15, TimeSpan.FromMinutes(50)), (t2First.CurrentTargetMinutes, t2First.DraftTargetMinutes, t2First.DraftUsed));
        var t2Next = result.Gained.Single(g => g.Number == t2 && g.Metric == SlaMetric.NextResponse);
        Assert.Equal((120, 30, TimeSpan.FromMinutes(40)), (t2Next.CurrentTargetMinutes, t2Next.DraftTargetMinutes, t2Next.DraftUsed));
        var t2Resolution = result.Gained.Single(g => g.Number == t2 && g.Metric == SlaMetric.Resolution);
        Assert.Equal((480, 120, TimeSpan.FromMinutes(180)), (t2Resolution.CurrentTargetMinutes, t2Resolution.DraftTargetMinutes, t2Resolution.DraftUsed));
        Assert.Equal(0, result.LostCount);
        Assert.Equal((4, 7), (result.MetDraft, result.MissedDraft));
        Assert.Equal((8, 3), (result.MetCurrent, result.MissedCurrent));

        // Per metric and the priority each ticket ended with: first response Normal is T1 and T2 now (both met), T1 alone with the
        // draft (T2 ends High); first response High is T3, T4 (missed) and T6 now, and T2 (missed) as well with the draft.
        var firstNormal = result.Cells.Single(c => c.Metric == SlaMetric.FirstResponse && c.Priority == TicketPriority.Normal);
        Assert.Equal((2, 0, 1, 0), (firstNormal.CurrentMet, firstNormal.CurrentMissed, firstNormal.DraftMet, firstNormal.DraftMissed));
        var firstHigh = result.Cells.Single(c => c.Metric == SlaMetric.FirstResponse && c.Priority == TicketPriority.High);
        Assert.Equal((1, 2, 1, 3), (firstHigh.CurrentMet, firstHigh.CurrentMissed, firstHigh.DraftMet, firstHigh.DraftMissed));
        Assert.Equal((3, 7), (result.CurrentEscalations.Breaches, result.DraftEscalations.Breaches));

        // Business time left at the stop, first response: now T1 40, T2 10, T6 35, T3 -60 (90 of 30 once High), T4 -690 (720 of 30);
        // with the draft T1 10, T2 -35 (50 of 15 once High), T6 5, T3 -75, T4 -705.
        Assert.Equal((TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(-35)), result.MedianToBreach[SlaMetric.FirstResponse]);
        Assert.Equal(before, await FootprintAsync(s.App));
    }

    [SkippableFact]
    public async Task TheApiSimulatesForAnAdminsReadTokenOnlyAndSaysWhatIsWrongWithARequest()
    {
        var s = await BuildAsync(DatabaseProvider.Sqlite);
        await using var _ = s.App;
        await s.App.CreateUserAsync("ada@helpdesk.example", "Ada Admin", Roles.Agent, Roles.Admin);
        var admin = s.App.ApiClient(await s.App.TokenAsync("ada@helpdesk.example", "Read"));
        var supervisor = s.App.ApiClient(await s.App.TokenAsync("avery@helpdesk.example", "ReadWrite"));
        var url = $"/api/v1/sla/policies/{s.PolicyId}/simulation";
        var halved = new
        {
            from = "2026-03-02", to = "2026-03-08",
            draft = new
            {
                targets = new object[]
                {
                    new { metric = "first-response", priority = "normal", minutes = 30 }, new { metric = "first-response", priority = "high", minutes = 15 },
                    new { metric = "next-response", priority = "normal", minutes = 60 }, new { metric = "next-response", priority = "high", minutes = 30 },
                    new { metric = "resolution", priority = "normal", minutes = 240 }, new { metric = "resolution", priority = "high", minutes = 120 },
                },
            },
        };

        var before = await FootprintAsync(s.App);
        var response = await admin.SendAsync(HttpMethod.Post, url, halved);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(6, body.GetProperty("tickets").GetInt32());
        Assert.Equal(4, body.GetProperty("breachesGainedCount").GetInt32());
        Assert.Equal((3, 7), (body.GetProperty("current").GetProperty("missed").GetInt32(), body.GetProperty("proposed").GetProperty("missed").GetInt32()));
        Assert.Equal("first-response", body.GetProperty("breachesGained")[0].GetProperty("metric").GetString());
        Assert.Equal(11, body.GetProperty("recorded").GetProperty("reproduced").GetInt32());
        Assert.Equal(-35, body.GetProperty("proposed").GetProperty("medianMinutesToBreach").GetProperty("first-response").GetDouble());
        Assert.Equal(before, await FootprintAsync(s.App));

        // A supervisor who is not an admin cannot, whatever the token's scope.
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await supervisor.SendAsync(HttpMethod.Post, url, halved)).StatusCode);

        // A bad period and an unknown metric are named, as problem details.
        var invalid = await admin.SendAsync(HttpMethod.Post, url, new { from = "2026-03-08", to = "2026-03-02", draft = new { targets = new[] { new { metric = "lunch", priority = "normal", minutes = 5 } } } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        var problems = System.Text.Json.JsonDocument.Parse(await invalid.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(problems.TryGetProperty("to", out var _), problems.ToString());
        Assert.True(problems.TryGetProperty("draft.targets", out var _), problems.ToString());
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.SendAsync(HttpMethod.Post, "/api/v1/sla/policies/999/simulation", halved)).StatusCode);

        // A calendar open only 09:00–09:30: T3's first response (Mon 09:00–10:30) uses 30 min of 60 and is met, so T3 is never
        // raised; T4's first response (from Mon 16:00) uses Tue's and Wed's half hours and breaches Wed 09:30, and its resolution
        // has used 60 min of 240 by Wed 12:00: two breaches the draft avoids.
        int calendarId;
        await using (var db = s.App.NewContext())
        {
            calendarId = (await db.SlaCalendars.SingleAsync()).Id;
        }

        var halfHour = System.Text.Json.JsonDocument.Parse("""
            {"name":"Office","timeZone":"UTC","week":{"monday":[["09:00","09:30"]],"tuesday":[["09:00","09:30"]],"wednesday":[["09:00","09:30"]],
             "thursday":[["09:00","09:30"]],"friday":[["09:00","09:30"]],"saturday":[],"sunday":[]},"holidays":[]}
            """).RootElement;
        var calendar = await admin.SendAsync(HttpMethod.Post, $"/api/v1/sla/calendars/{calendarId}/simulation", new { from = "2026-03-02", to = "2026-03-04", definition = halfHour });
        Assert.Equal(System.Net.HttpStatusCode.OK, calendar.StatusCode);
        var replay = System.Text.Json.JsonDocument.Parse(await calendar.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(6, replay.GetProperty("tickets").GetInt32());
        Assert.Equal(11, replay.GetProperty("recorded").GetProperty("reproduced").GetInt32());
        Assert.Equal(
            [(s.Numbers[2], "first-response"), (s.Numbers[3], "resolution")],
            replay.GetProperty("breachesLost").EnumerateArray().Select(c => (c.GetProperty("number").GetInt32(), c.GetProperty("metric").GetString())).Order().ToArray());
        Assert.Equal(0, replay.GetProperty("breachesGainedCount").GetInt32());
        Assert.Equal(before, await FootprintAsync(s.App));
    }

    [SkippableFact]
    public async Task TheCalendarsPageSimulatesItsDraftAndKeepsItAsTyped()
    {
        var s = await BuildAsync(DatabaseProvider.Sqlite);
        await using var _ = s.App;
        await s.App.CreateUserAsync("ada@helpdesk.example", "Ada Admin", Roles.Agent, Roles.Admin);
        var session = s.App.Session();
        await session.LoginAsync("ada@helpdesk.example");
        int calendarId;
        await using (var db = s.App.NewContext())
        {
            calendarId = (await db.SlaCalendars.SingleAsync()).Id;
        }

        var before = await FootprintAsync(s.App);
        const string HalfHour = """
            {"name":"Office","timeZone":"UTC","week":{"monday":[["09:00","09:30"]],"tuesday":[["09:00","09:30"]],"wednesday":[["09:00","09:30"]],
             "thursday":[["09:00","09:30"]],"friday":[["09:00","09:30"]],"saturday":[],"sunday":[]},"holidays":[]}
            """;
        var response = await session.PostFormAsync($"/admin/calendars/{calendarId}", $"/admin/calendars/{calendarId}/simulate",
            [new("Input.Mode", "json"), new("Input.Json", HalfHour), new("Period.From", "2026-03-02"), new("Period.To", "2026-03-04")]);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"simulation-result\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/tickets/{s.Numbers[2]}\"", html[html.IndexOf("id=\"simulation-lost\"", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Contains("[&quot;09:00&quot;,&quot;09:30&quot;]", html, StringComparison.Ordinal); // the draft, as typed
        Assert.Equal(before, await FootprintAsync(s.App));

        // A period of more than a year is refused beside its field, with the draft kept.
        var tooLong = await session.PostFormAsync($"/admin/calendars/{calendarId}", $"/admin/calendars/{calendarId}/simulate",
            [new("Input.Mode", "json"), new("Input.Json", HalfHour), new("Period.From", "2025-01-01"), new("Period.To", "2026-03-04")]);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var refused = await tooLong.Content.ReadAsStringAsync();
        Assert.Contains("At most 366 days at once.", refused, StringComparison.Ordinal);
        Assert.Contains("[&quot;09:00&quot;,&quot;09:30&quot;]", refused, StringComparison.Ordinal);
    }
}
