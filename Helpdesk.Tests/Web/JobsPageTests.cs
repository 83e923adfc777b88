using System.Net;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>The app with its scheduler on (Quartz on the test database, keeping time by the manual clock).</summary>
    private static HelpdeskFactory WithScheduler(TestDatabase database, int sweepSeconds) =>
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

    [Fact]
    public async Task WithTheSchedulerOnThePageShowsTheNodeTheJobsAndTheirRunsFromTheSharedHistory()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var app = WithScheduler(database, sweepSeconds: 1);
        var admin = await AdminAsync(app);

        string page = string.Empty;
        static string History(string html) => html.Contains("id=\"history\"", StringComparison.Ordinal) ? html[html.IndexOf("id=\"history\"", StringComparison.Ordinal)..] : string.Empty;
        for (var i = 0; i < 200 && !(History(page).Contains("sweep-sla-clocks", StringComparison.Ordinal) && History(page).Contains("dispatch-outbox", StringComparison.Ordinal)); i++)
        {
            // Quartz keeps time by the app's TimeProvider: the manual clock moves it on.
            await Task.Delay(100);
            app.Clock.Advance(TimeSpan.FromMilliseconds(500));
            page = await admin.GetPageAsync("/admin/jobs");
        }

        Assert.Contains("(this node)", page);
        Assert.Contains("single node", page);
        Assert.Contains("every 1 s", page);
        var history = page[page.IndexOf("id=\"history\"", StringComparison.Ordinal)..];
        Assert.Contains("sweep-sla-clocks", history);
        Assert.Contains("Succeeded: nothing due", history);
        Assert.Contains("Succeeded: nothing to send", history);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/jobs", "/admin/jobs/sweep-sla-clocks/run", [])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task AFailingJobIsRetriedWithBackoffShownOnThePageAndTheSchedulerCarriesOn()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await using var app = WithScheduler(database, sweepSeconds: 10);
        var admin = await AdminAsync(app);

        // The sweep's table is gone: every run of the sweep throws.
        await using (var db = database.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"SlaClocks\" RENAME TO \"SlaClocksAway\"");
        }

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/jobs", "/admin/jobs/sweep-sla-clocks/run", [])).StatusCode);
        string page = string.Empty;
        for (var i = 0; i < 200 && !(page.Contains("(retry 1)", StringComparison.Ordinal) && page.Contains("Failing:", StringComparison.Ordinal)); i++)
        {
            // Quartz keeps time by the app's TimeProvider: the test's manual clock moves it to the retry.
            await Task.Delay(100);
            app.Clock.Advance(TimeSpan.FromMilliseconds(500));
            page = await admin.GetPageAsync("/admin/jobs");
        }

        var history = page[page.IndexOf("id=\"history\"", StringComparison.Ordinal)..];
        Assert.Contains("no such table", history);
        Assert.Contains("retry scheduled", history);
        Assert.Contains("(retry 1)", history);
        Assert.Matches("Failing: [^<]*no such table", page);
        Assert.Contains("every 10 s", page);

        // The other job keeps running meanwhile.
        Assert.Contains("Succeeded: nothing to send", history);
    }
}
