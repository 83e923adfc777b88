using System.Net;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

public sealed class AccessTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/tickets")]
    [InlineData("/tickets/1")]
    [InlineData("/tickets/new")]
    [InlineData("/customers")]
    [InlineData("/organizations")]
    [InlineData("/admin/users")]
    public async Task AnonymousUsersAreSentToLogin(string url)
    {
        var response = await _app.Session().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task TheLoginPageAndHealthAreOpenToEveryone()
    {
        var session = _app.Session();

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/login")).StatusCode);
        var health = await session.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var body = await health.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"Healthy\"", body);
        Assert.Contains("\"database\"", body);
    }

    [Fact]
    public async Task AnAgentCannotReachAdminPages()
    {
        await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var session = _app.Session();
        await session.LoginAsync("agent@helpdesk.example");

        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/tickets?assignee=anyone")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/admin/users/new")).StatusCode);
        var post = await session.PostFormAsync("/tickets?assignee=anyone", "/admin/users/new",
            [new("Input.Email", "x@helpdesk.example"), new("Input.DisplayName", "X"), new("Input.Password", "Another-pass-42"), new("Input.Roles", "Admin")]);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var page = await (await session.GetAsync("/admin/users")).Content.ReadAsStringAsync();
        Assert.Contains("have access to this page", page);
    }

    [Fact]
    public async Task AnAdminCreatesAnAgentWhoCanThenSignIn()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var admin = _app.Session();
        await admin.LoginAsync("admin@helpdesk.example");

        var created = await admin.PostFormAsync("/admin/users/new", "/admin/users/new",
            [new("Input.Email", "New.Agent@helpdesk.example"), new("Input.DisplayName", "Nia New"), new("Input.Password", "Fresh-start-2026"), new("Input.Roles", "Agent"), new("Input.Roles", "Supervisor")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.GetPageAsync("/admin/users");
        Assert.Contains("Nia New", list);
        Assert.Contains("Agent, Supervisor", list);

        var agent = _app.Session();
        await agent.LoginAsync("new.agent@helpdesk.example", "Fresh-start-2026");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/tickets?assignee=anyone")).StatusCode);
    }

    [Fact]
    public async Task PostsWithoutAnAntiforgeryTokenAreRejected()
    {
        await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var session = _app.Session();
        await session.LoginAsync("agent@helpdesk.example");

        var response = await session.Client.PostAsync("/tickets/new", new FormUrlEncodedContent([new("Input.Subject", "x")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ADeactivatedAgentCannotSignIn()
    {
        var adminId = await _app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var agentId = await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var admin = _app.Session();
        await admin.LoginAsync("admin@helpdesk.example");

        var saved = await admin.PostFormAsync($"/admin/users/{agentId}", $"/admin/users/{agentId}",
            [new("Input.DisplayName", "Avery"), new("Input.Roles", "Agent"), new("Input.IsActive", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var refused = await _app.Session().PostFormAsync("/login", "/login", [new("Input.Email", "agent@helpdesk.example"), new("Input.Password", HelpdeskFactory.Password)]);
        Assert.Contains("deactivated", await refused.Content.ReadAsStringAsync());

        // The last active admin cannot take away their own admin role.
        var lastAdmin = await admin.PostFormAsync($"/admin/users/{adminId}", $"/admin/users/{adminId}",
            [new("Input.DisplayName", "Alex"), new("Input.Roles", "Agent"), new("Input.IsActive", "true")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, lastAdmin.StatusCode);
        Assert.Contains("last active admin", await lastAdmin.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task DeactivatingAnAgentWithTicketsAsksWhatBecomesOfThemAndALeftAssigneeStaysShown()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var averyId = await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var boId = await _app.CreateUserAsync("bo@helpdesk.example", "Bo", Roles.Agent);
        var numbers = new List<int>();
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Services.TicketService>();
            foreach (var subject in new[] { "First", "Second", "Third" })
            {
                numbers.Add((await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = subject, Description = "Help", AssigneeId = averyId }, averyId)).Number);
            }
        }

        var admin = _app.Session();
        await admin.LoginAsync("admin@helpdesk.example");
        Assert.Contains("3 unsolved tickets assigned", await admin.GetPageAsync($"/admin/users/{averyId}"));

        // Deactivating without a decision: refused, with the count.
        var undecided = await admin.PostFormAsync($"/admin/users/{averyId}", $"/admin/users/{averyId}",
            [new("Input.DisplayName", "Avery"), new("Input.Roles", "Agent"), new("Input.IsActive", "false")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, undecided.StatusCode);
        Assert.Contains("Avery has 3 unsolved tickets: choose whether they stay assigned", System.Net.WebUtility.HtmlDecode(await undecided.Content.ReadAsStringAsync()));

        // Left assigned: the ticket page shows Avery, marked deactivated and selected; a note changes nothing else.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{averyId}", $"/admin/users/{averyId}",
            [new("Input.DisplayName", "Avery"), new("Input.Roles", "Agent"), new("Input.IsActive", "false"), new("Input.OpenTickets", "Leave")])).StatusCode);
        var page = await admin.GetPageAsync($"/tickets/{numbers[0]}");
        Assert.Contains($"<option value=\"{averyId}\" selected=\"selected\">Avery (deactivated)</option>", page);
        int version;
        await using (var db = _app.NewContext())
        {
            version = await db.Tickets.Where(t => t.Number == numbers[0]).Select(t => t.Version).SingleAsync();
        }

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/tickets/{numbers[0]}", $"/tickets/{numbers[0]}",
        [
            new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Body", "Checked."),
            new("Input.Visibility", "Internal"), new("Input.Status", "New"), new("Input.Priority", "Normal"),
            new("Input.AssigneeId", averyId), new("Input.Tags", string.Empty),
        ])).StatusCode);
        await using (var db = _app.NewContext())
        {
            Assert.All(await db.Tickets.Where(t => numbers.Contains(t.Number)).ToListAsync(), t => Assert.Equal(averyId, t.AssigneeId));
        }

        // Reactivated, then deactivated again handing the tickets to Bo: each is reassigned, on the record.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{averyId}", $"/admin/users/{averyId}",
            [new("Input.DisplayName", "Avery"), new("Input.Roles", "Agent"), new("Input.IsActive", "true")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/admin/users/{averyId}", $"/admin/users/{averyId}",
            [new("Input.DisplayName", "Avery"), new("Input.Roles", "Agent"), new("Input.IsActive", "false"), new("Input.OpenTickets", "Reassign"), new("Input.ReassignToId", boId)])).StatusCode);
        await using (var db = _app.NewContext())
        {
            Assert.All(await db.Tickets.Where(t => numbers.Contains(t.Number)).ToListAsync(), t => Assert.Equal(boId, t.AssigneeId));
        }

        Assert.Contains("Bo", await admin.GetPageAsync($"/tickets/{numbers[1]}"));
    }

    [Fact]
    public async Task AdminPagesSayWhichSettingsKeepCustomerEmailFromWorking()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var admin = _app.Session();
        await admin.LoginAsync("admin@helpdesk.example");
        var page = System.Net.WebUtility.HtmlDecode(await admin.GetPageAsync("/admin/users"));
        Assert.Contains("point to http://localhost:5000, which customers cannot reach", page);
        Assert.Contains("No SMTP server is configured", page);
        Assert.Contains("No mailbox is configured", page);

        await using var configured = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
        {
            ["Mail:BaseUrl"] = "https://help.acme.example", ["Smtp:Host"] = "smtp.acme.example",
            ["Mailboxes:0:Name"] = "support", ["Mailboxes:0:Host"] = "imap.acme.example", ["Mailboxes:0:Address"] = "help@acme.example",
            ["Mailboxes:0:UserName"] = "help@acme.example", ["Mailboxes:0:Password"] = "imap-password",
        });
        await configured.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var other = configured.Session();
        await other.LoginAsync("admin@helpdesk.example");
        Assert.DoesNotContain("setup-warnings", await other.GetPageAsync("/admin/users"));
    }
}
