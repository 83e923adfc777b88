using System.Net;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

public sealed class JobsPageTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AdminsSeeTheOutboxAndCanRetryOrDiscardDeadLetters()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var now = _app.Clock.GetUtcNow();
        long dead;
        long failing;
        await using (var db = _app.NewContext())
        {
            var a = new OutboxMessage(OutboxKind.Alert, null, "<a@x.example>", "sam@x.example", null, "Undeliverable", "Body", null, null, true, now);
            for (var i = 0; i < OutboxMessage.MaxAttempts; i++)
            {
                a.MarkFailed("550 no such user", now, 0.5);
            }

            var b = new OutboxMessage(OutboxKind.Reply, null, "<b@x.example>", "ana@x.example", null, "Retrying", "Body", null, null, false, now);
            b.MarkFailed("connection refused", now, 0.5);
            db.Outbox.AddRange(a, b);
            await db.SaveChangesAsync();
            (dead, failing) = (a.Id, b.Id);
        }

        var admin = _app.Session();
        await admin.LoginAsync("admin@helpdesk.example");
        var page = await admin.GetPageAsync("/admin/jobs");
        Assert.Contains("jobs off", page);
        Assert.Contains("550 no such user", page);
        Assert.Contains("connection refused", page);
        Assert.Contains("dead-lettered 1", page);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/jobs", $"/admin/jobs/outbox/{dead}/retry", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/jobs", $"/admin/jobs/outbox/{failing}/discard", [])).StatusCode);

        await using var check = _app.NewContext();
        var retried = await check.Outbox.SingleAsync(m => m.Id == dead);
        Assert.Equal(OutboxState.Queued, retried.State);
        Assert.Equal(0, retried.Attempts);
        Assert.Equal(OutboxState.Discarded, (await check.Outbox.SingleAsync(m => m.Id == failing)).State);

        await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var agent = _app.Session();
        await agent.LoginAsync("agent@helpdesk.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/jobs")).StatusCode);
    }

    [SkippableFact]
    public async Task AMessageTheMailServerRefusesForGoodIsDeadLetteredAfterOneTryWithTheServersWordsOnThePage()
    {
        var (app, _) = TestSmtp.App();
        await using var __ = app;
        var admin = await AdminAsync(app);
        var to = $"refuse-{Guid.NewGuid():N}@acme.example";
        await using (var db = app.NewContext())
        {
            db.Outbox.Add(new OutboxMessage(OutboxKind.Reply, null, $"<{Guid.NewGuid():N}@help.example>", to, null, "Your order", "Body", null, null, false, app.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(10));
        }

        var page = await admin.GetPageAsync("/admin/jobs");
        Assert.Contains("dead-lettered 1", page);
        Assert.Contains($"{to}: 550 5.1.1", System.Net.WebUtility.HtmlDecode(page));
        Assert.Contains("no such user here", page);
        await using var check = app.NewContext();
        Assert.Equal(1, (await check.Outbox.SingleAsync()).Attempts);
    }

    /// <summary>The app with its job server on (Hangfire, its storage in a SQLite file beside the test database).</summary>
    private static HelpdeskFactory WithJobs(TestDatabase database, int sweepSeconds) =>
        new(database, ownsDatabase: false, new Dictionary<string, string>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:OutboxSeconds"] = "1",
            ["Jobs:SweepSeconds"] = sweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static async Task<WebSession> AdminAsync(HelpdeskFactory app)
    {
        await app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var admin = app.Session();
        await admin.LoginAsync("admin@helpdesk.example");
        return admin;
    }

    /// <summary>The jobs page until it shows all the texts, or fails after a minute of real time (Hangfire keeps the wall clock).</summary>
    private static async Task<string> PageShowingAsync(WebSession admin, params string[] texts)
    {
        var page = string.Empty;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!texts.All(t => page.Contains(t, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The jobs page never showed {string.Join(", ", texts.Where(t => !page.Contains(t, StringComparison.Ordinal)))}:\n{page}");
            await Task.Delay(250);
            page = await admin.GetPageAsync("/admin/jobs");
        }

        return page;
    }

    [Fact]
    public async Task WithJobsOnThePageShowsThisNodeAndEachJobsScheduleAndLastResult()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var app = WithJobs(database, sweepSeconds: 1);
        var admin = await AdminAsync(app);

        var page = await PageShowingAsync(admin, "Succeeded: nothing due", "Succeeded: nothing to send");
        Assert.Contains("(this node)", page);
        Assert.Contains("a SQLite file beside the database, for this one node", page);
        Assert.Contains("every second", page);
        Assert.Contains("right after a change queues mail", page);
        Assert.Contains("href=\"/admin/hangfire\"", page);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/jobs", "/admin/jobs/sweep-sla-clocks/run", [])).StatusCode);
        var health = await admin.GetAsync("/healthz");
        Assert.True(health.StatusCode == HttpStatusCode.OK, $"/healthz: {health.StatusCode} {await health.Content.ReadAsStringAsync()}");
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Settings.ConnectionString).DataSource)!,
            Path.GetFileNameWithoutExtension(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.Settings.ConnectionString).DataSource) + ".jobs.db")), "the job storage sits beside the database");
    }

    [Fact]
    public async Task AFailingJobIsRetriedAndShownAndTheOtherJobsCarryOn()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var app = WithJobs(database, sweepSeconds: 3600);
        var admin = await AdminAsync(app);

        // The sweep's table is gone: every run of the sweep throws.
        await using (var db = database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"SlaClocks\" RENAME TO \"SlaClocksAway\"");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/jobs", "/admin/jobs/sweep-sla-clocks/run", [])).StatusCode);
        var page = await PageShowingAsync(admin, "Waiting to be retried: Retry attempt", "no such table", "Succeeded: nothing to send");
        Assert.Contains("every hour", page);
    }

    [Fact]
    public async Task TheJobDashboardIsForAdminsAndItsActionsNeedTheAntiforgeryToken()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var app = WithJobs(database, sweepSeconds: 3600);
        var admin = await AdminAsync(app);
        await app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var agent = app.Session();
        await agent.LoginAsync("agent@helpdesk.example");

        var anonymous = (await app.Session().GetAsync("/admin/hangfire")).StatusCode;
        Assert.True(anonymous is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"anonymous: {anonymous}");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/jobs")).StatusCode);
        var dashboard = await admin.GetAsync("/admin/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        var html = await dashboard.Content.ReadAsStringAsync();
        Assert.Contains("sweep-sla-clocks", html);

        // One of the dashboard's own actions, without the token its pages send: refused.
        var refused = await admin.Client.PostAsync("/admin/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "sweep-sla-clocks")]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // With the token the dashboard's page carries, the same action is done.
        var token = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/hangfire/recurring/trigger") { Content = new FormUrlEncodedContent([new("jobs[]", "sweep-sla-clocks")]) };
        request.Headers.Add("RequestVerificationToken", token);
        var done = await admin.Client.SendAsync(request);
        Assert.True(done.IsSuccessStatusCode, $"with the token: {done.StatusCode}");
    }
}
