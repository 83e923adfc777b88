using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Core.Webhooks;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Webhooks;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Webhooks;

/// <summary>
/// Webhooks against a real HTTPS receiver on loopback (issue 21, decision 021): registered on the admin page as an admin
/// does, written with the change that caused them, sent by the dispatcher the job runs, signed, retried, dead-lettered,
/// redelivered by hand; one delivery per event across two nodes; a slow receiver never holds up a change.
/// </summary>
public sealed partial class WebhookTests
{
    private const string Admin = "ada@helpdesk.example";

    /// <summary>How long a step may wait for another before the test fails rather than hangs (far above what it needs).</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    private static HelpdeskFactory Node(TestDatabase database, HttpsReceiver receiver, bool ownsDatabase = true) =>
        new(database, ownsDatabase, new Dictionary<string, string> { ["Webhooks:TrustedCertificatePath"] = receiver.CertificatePath, ["Webhooks:TimeoutSeconds"] = "30" });

    private static async Task<string> AgentAsync(HelpdeskFactory app)
    {
        await app.CreateUserAsync(Admin, "Ada Admin", Roles.Agent, Roles.Admin);
        return await app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
    }

    /// <summary>Registers a webhook on the admin page and returns its id and the signing secret the page shows.</summary>
    private static async Task<(int Id, string Secret)> RegisterAsync(HelpdeskFactory app, string url, params string[] events)
    {
        var session = app.Session();
        await session.LoginAsync(Admin);
        var created = await session.PostFormAsync("/admin/webhooks/new", "/admin/webhooks/new",
            [new("Input.Name", "CRM"), new("Input.Url", url), .. events.Select(e => new KeyValuePair<string, string>("Input.Events", e))]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
        var page = await session.GetPageAsync($"/admin/webhooks/{id}");
        return (id, SecretShown().Match(page).Groups[1].Value);
    }

    private static async Task<int> OpenAsync(HelpdeskFactory app, string agent, string subject = "VPN down")
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = "erin@globex.example", Subject = subject, Description = "Since 9:00.", NotifyRequester = false }, agent)).Number;
    }

    private static async Task ReplyAsync(HelpdeskFactory app, string agent, int number, TicketStatus status)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var ticket = (await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Ports.ITicketQueries>().GetTicketAsync(number))!;
        var input = Helpdesk.Web.Presentation.TicketPage.Form(ticket);
        input.Body = "It is back.";
        input.Status = status;
        await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(number, input, agent);
    }

    private static async Task<int> DispatchAsync(HelpdeskFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WebhookDispatcher>().DispatchAsync(50).WaitAsync(Wait);
    }

    /// <summary>What a receiver does: the HMAC of "t.body" with the secret, compared in constant time, and a fresh timestamp.</summary>
    private static bool Verifies(string secret, string header, string body, DateTimeOffset now)
    {
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return Math.Abs(now.ToUnixTimeSeconds() - t) <= 300
            && CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(parts["v1"]));
    }

    [Fact]
    public async Task EachEventArrivesSignedWithTheTicketAsItWas()
    {
        await using var receiver = await HttpsReceiver.StartAsync();
        await using var app = Node(TestDatabase.Sqlite(), receiver);
        var agent = await AgentAsync(app);
        var (_, secret) = await RegisterAsync(app, receiver.Url, "ticket.created", "ticket.updated", "ticket.solved");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var number = await OpenAsync(app, agent);
        Assert.Equal(1, await DispatchAsync(app));
        var created = Assert.Single(receiver.Requests);
        Assert.Equal(("ticket.created", "/hooks/helpdesk"), (created.Headers["Helpdesk-Event"], created.Path));
        Assert.True(Verifies(secret, created.Headers["Helpdesk-Signature"], created.Body, app.Clock.GetUtcNow()), created.Headers["Helpdesk-Signature"]);
        Assert.False(Verifies(secret, created.Headers["Helpdesk-Signature"], created.Body.Replace("VPN", "VPX", StringComparison.Ordinal), app.Clock.GetUtcNow())); // a changed body does not
        Assert.False(Verifies(secret, created.Headers["Helpdesk-Signature"], created.Body, app.Clock.GetUtcNow().AddMinutes(6))); // nor an old timestamp
        var body = JsonDocument.Parse(created.Body).RootElement;
        Assert.Equal("ticket.created", body.GetProperty("event").GetString());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        var ticket = body.GetProperty("data").GetProperty("ticket");
        Assert.Equal((number, "VPN down", "new", "erin@globex.example"), (ticket.GetProperty("number").GetInt32(), ticket.GetProperty("subject").GetString(), ticket.GetProperty("status").GetString(), ticket.GetProperty("requesterEmail").GetString()));

        // A reply that solves: one update (with what changed) and one solve, each once.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await ReplyAsync(app, agent, number, TicketStatus.Solved);
        Assert.Equal(2, await DispatchAsync(app));
        Assert.Equal(0, await DispatchAsync(app));
        var events = receiver.Requests.Skip(1).Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["ticket.updated", "ticket.solved"], events.Select(e => e.GetProperty("event").GetString()));
        var changes = events[0].GetProperty("data").GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("field").GetString(), c.GetProperty("to").GetString())).ToList();
        Assert.Contains(("Status", "Solved"), changes);
        Assert.Contains(("Reply", changes.Single(c => c.Item1 == "Reply").Item2), changes);
        Assert.All(receiver.Requests, r => Assert.True(Verifies(secret, r.Headers["Helpdesk-Signature"], r.Body, app.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task AReceiverThatIsDownIsTriedAgainThenGetsTheEventOnceAndADeadLetterIsRedeliveredByHand()
    {
        await using var receiver = await HttpsReceiver.StartAsync();
        await using var app = Node(TestDatabase.Sqlite(), receiver);
        var agent = await AgentAsync(app);
        var (id, _) = await RegisterAsync(app, receiver.Url, "ticket.created");
        receiver.Answer = _ => Task.FromResult(503);
        await OpenAsync(app, agent);

        Assert.Equal(0, await DispatchAsync(app));
        await using (var db = app.NewContext())
        {
            var delivery = await db.WebhookDeliveries.SingleAsync();
            Assert.Equal((WebhookDeliveryState.Pending, 1, (int?)503), (delivery.State, delivery.Attempts, delivery.LastStatus));
            var wait = delivery.NextAttemptAt - app.Clock.GetUtcNow();
            Assert.InRange(wait, TimeSpan.FromSeconds(27), TimeSpan.FromSeconds(33)); // the first backoff, 30 s ± 10 %
        }

        Assert.Equal(0, await DispatchAsync(app)); // not due yet: nothing sent
        Assert.Single(receiver.Requests);
        var session = app.Session();
        await session.LoginAsync(Admin);
        Assert.Contains("HTTP 503", await session.GetPageAsync($"/admin/webhooks/{id}"), StringComparison.Ordinal);

        receiver.Answer = _ => Task.FromResult(200);
        app.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(1, await DispatchAsync(app));
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await DispatchAsync(app));
        Assert.Equal(2, receiver.Requests.Count);
        var accepted = Assert.Single(receiver.Accepted);
        Assert.Equal(JsonDocument.Parse(receiver.Requests.First().Body).RootElement.GetProperty("id").GetString(), JsonDocument.Parse(accepted.Body).RootElement.GetProperty("id").GetString());

        // A receiver nobody answers at: every try fails, then the delivery is dead-lettered with the reason.
        var (dead, _) = await RegisterAsync(app, "https://127.0.0.1:1/hooks", "ticket.created");
        await OpenAsync(app, agent, "Printer");
        for (var i = 0; i < WebhookDelivery.MaxAttempts; i++)
        {
            await DispatchAsync(app);
            app.Clock.Advance(TimeSpan.FromDays(1));
        }

        long deadId;
        await using (var db = app.NewContext())
        {
            var failed = await db.WebhookDeliveries.SingleAsync(d => d.WebhookId == dead);
            Assert.Equal((WebhookDeliveryState.Failed, WebhookDelivery.MaxAttempts, (int?)null), (failed.State, failed.Attempts, failed.LastStatus));
            Assert.False(string.IsNullOrEmpty(failed.LastError));
            deadId = failed.Id;
        }

        session = app.Session(); // days later: signed in again
        await session.LoginAsync(Admin);
        var page = WebUtility.HtmlDecode(await session.GetPageAsync($"/admin/webhooks/{dead}?failed=true"));
        Assert.Contains($"Failed after {WebhookDelivery.MaxAttempts} tries", page, StringComparison.Ordinal);

        // Pointed at the receiver and redelivered by hand: delivered, once.
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"/admin/webhooks/{dead}", $"/admin/webhooks/{dead}",
            [new("Input.Name", "CRM"), new("Input.Url", receiver.Url), new("Input.Events", "ticket.created"), new("Input.IsActive", "true")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"/admin/webhooks/{dead}", $"/admin/webhooks/{dead}/deliveries/{deadId}/redeliver", [])).StatusCode);
        Assert.Equal(1, await DispatchAsync(app));
        Assert.Equal(0, await DispatchAsync(app));
        // The first event, the second ticket's to the first webhook, and the redelivered one: each event once per webhook.
        Assert.Equal(3, receiver.Accepted.Count);
        Assert.Equal(3, receiver.Accepted.Select(r => (r.Body, r.Headers["Helpdesk-Delivery"])).Distinct().Count());
    }

    [Fact]
    public async Task ASlowReceiverNeverHoldsUpATicketUpdate()
    {
        await using var receiver = await HttpsReceiver.StartAsync();
        await using var app = Node(TestDatabase.Sqlite(), receiver);
        var agent = await AgentAsync(app);
        await RegisterAsync(app, receiver.Url, "ticket.created", "ticket.updated");
        var arrived = new TaskCompletionSource();
        var release = new TaskCompletionSource<int>();
        receiver.Answer = _ =>
        {
            arrived.TrySetResult();
            return release.Task;
        };
        var number = await OpenAsync(app, agent);

        var dispatch = DispatchAsync(app);
        await arrived.Task.WaitAsync(Wait); // the receiver holds the delivery and has not answered
        await ReplyAsync(app, agent, number, TicketStatus.Pending); // the change commits while it waits
        Assert.False(dispatch.IsCompleted);
        await using (var db = app.NewContext())
        {
            Assert.Equal(TicketStatus.Pending, (await db.Tickets.SingleAsync(t => t.Number == number)).Status);
            Assert.Equal(1, await db.WebhookDeliveries.CountAsync(d => d.Event == "ticket.updated" && d.State == WebhookDeliveryState.Pending));
        }

        release.SetResult(200);
        Assert.Equal(1, await dispatch.WaitAsync(Wait));
        receiver.Answer = _ => Task.FromResult(200);
        Assert.Equal(1, await DispatchAsync(app));
    }

    /// <summary>
    /// Two nodes on one database, each with its own dispatcher: the first is held by the receiver in its first delivery
    /// while the second sends the rest; the first then finds them taken. Every event arrives once.
    /// </summary>
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task EveryEventIsDeliveredOnceAcrossTwoNodes(DatabaseProvider provider)
    {
        await using var receiver = await HttpsReceiver.StartAsync();
        var database = await TestDatabase.CreateAsync(provider);
        await using var first = Node(database, receiver);
        await using var second = Node(database, receiver, ownsDatabase: false);
        second.Clock.SetUtcNow(first.Clock.GetUtcNow());
        var agent = await AgentAsync(first);
        await RegisterAsync(first, receiver.Url, "ticket.created");
        for (var i = 0; i < 6; i++)
        {
            await OpenAsync(i % 2 == 0 ? first : second, agent, $"Request {i}");
        }

        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource<int>();
        var calls = 0;
        receiver.Answer = _ =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                held.TrySetResult();
                return release.Task;
            }

            return Task.FromResult(200);
        };
        var one = DispatchAsync(first);
        await held.Task.WaitAsync(Wait);
        var two = await DispatchAsync(second);
        release.SetResult(200);
        var total = await one.WaitAsync(Wait) + two;

        Assert.Equal(6, total);
        var ids = receiver.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        await using var db = first.NewContext();
        Assert.All(await db.WebhookDeliveries.ToListAsync(), d => Assert.Equal((WebhookDeliveryState.Delivered, 1), (d.State, d.Attempts)));
    }

    [GeneratedRegex("id=\"webhook-secret\">([^<]+)<")]
    private static partial Regex SecretShown();
}
