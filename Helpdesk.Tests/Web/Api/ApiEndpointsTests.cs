using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Identity;
using Helpdesk.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Api;

/// <summary>
/// Every API endpoint's authorization, and the resources beyond a ticket's fields (issue 21): creating tickets, replies
/// and notes, files, the SLA state and timeline, customers, organizations and disruptions, through the app's pipeline on SQLite.
/// </summary>
public sealed class ApiEndpointsTests : IAsyncLifetime
{
    private const string Agent = "avery@helpdesk.example";
    private const string Supervisor = "sam@helpdesk.example";

    private readonly HelpdeskFactory _app = new(TestDatabase.Sqlite());
    private string _supervisorId = string.Empty;
    private int _ticket;

    public async Task InitializeAsync()
    {
        var agent = await _app.CreateUserAsync(Agent, "Avery Agent", Roles.Agent);
        _supervisorId = await _app.CreateUserAsync(Supervisor, "Sam Supervisor", Roles.Agent, Roles.Supervisor);
        await _app.AddStandardPolicyAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        _ticket = (await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = "dana@acme.example", Subject = "Printer on fire", Description = "Smoke.", NotifyRequester = false }, agent)).Number;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Every operation routed under /api/v1, with its path's parameters filled by existing records.</summary>
    private List<(HttpMethod Method, string Url)> Operations() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (
                new HttpMethod(m),
                "/" + Regex.Replace(e.RoutePattern.RawText!, "\\{([a-z]+)(:[a-z]+)?\\}", p => p.Groups[1].Value == "number" ? _ticket.ToString(System.Globalization.CultureInfo.InvariantCulture) : "1", RegexOptions.None, TimeSpan.FromSeconds(1)))))
            .ToList();

    [Fact]
    public async Task EveryEndpointRefusesACallWithoutATokenAndEveryWriteRefusesAReadToken()
    {
        var operations = Operations();
        Assert.True(operations.Count >= 20, string.Join(", ", operations));
        var anonymous = _app.ApiClient(null);
        var reader = _app.ApiClient(await _app.TokenAsync(Supervisor, "Read"));
        foreach (var (method, url) in operations)
        {
            var none = await anonymous.SendAsync(method, url, Body(method, url));
            Assert.True(none.StatusCode == HttpStatusCode.Unauthorized, $"{method} {url} without a token: {none.StatusCode}");
            // A simulation computes and writes nothing: a read token may run it (SlaSimulatorTests checks who may).
            if (method != HttpMethod.Get && !url.EndsWith("/simulation", StringComparison.Ordinal))
            {
                // A supervisor's read token still cannot write anything, whatever its user may do on the pages.
                var read = await reader.SendAsync(method, url, Body(method, url), ifMatch: "\"1\"");
                Assert.True(read.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} with a read token: {read.StatusCode}");
                Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            }
        }
    }

    /// <summary>A body of the kind the operation takes (files go as a form), so that each call reaches authorization.</summary>
    private static object Body(HttpMethod method, string url) =>
        method == HttpMethod.Post && url.EndsWith("/attachments", StringComparison.Ordinal)
            ? new MultipartFormDataContent { { new ByteArrayContent([1]), "files", "a.bin" } }
            : new { };

    [Fact]
    public async Task DisruptionsAreDeclaredAndUpdatedOnlyWithASupervisorsToken()
    {
        var declaration = new { title = "Mail delayed", message = "Outbound mail is delayed.", everyone = true };
        var agent = _app.ApiClient(await _app.TokenAsync(Agent, "ReadWrite"));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync("/api/v1/disruptions", declaration)).StatusCode);

        var supervisor = _app.ApiClient(await _app.TokenAsync(Supervisor, "ReadWrite"));
        var invalid = await supervisor.PostAsJsonAsync("/api/v1/disruptions", new { title = "", message = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _) && errors.TryGetProperty("everyone", out _), errors.ToString());

        var preview = await (await supervisor.PostAsJsonAsync("/api/v1/disruptions", new { declaration.title, declaration.message, everyone = true, preview = true })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (preview.GetProperty("customers").GetInt32(), preview.GetProperty("tickets").GetInt32()));
        await using (var db = _app.NewContext())
        {
            Assert.Empty(db.Set<Helpdesk.Core.Domain.Disruption>()); // a preview declares nothing
        }

        var declared = await supervisor.PostAsJsonAsync("/api/v1/disruptions", declaration);
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal($"/api/v1/disruptions/{id}", declared.Headers.Location?.OriginalString);

        // Every staff token reads it; an agent's cannot update it.
        var read = await agent.GetFromJsonAsync<JsonElement>($"/api/v1/disruptions/{id}");
        Assert.Equal(("investigating", 1), (read.GetProperty("status").GetString(), read.GetProperty("updates")[0].GetProperty("notified").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostAsJsonAsync($"/api/v1/disruptions/{id}/updates", new { status = "resolved", message = "Fixed." })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await supervisor.PostAsJsonAsync($"/api/v1/disruptions/{id}/updates", new { status = "fine", message = "Fixed." })).StatusCode);
        var resolved = await supervisor.PostAsJsonAsync($"/api/v1/disruptions/{id}/updates", new { status = "resolved", message = "Fixed." });
        Assert.Equal(HttpStatusCode.Created, resolved.StatusCode);
        var after = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("resolved", 2), (after.GetProperty("status").GetString(), after.GetProperty("updates").GetArrayLength()));
        Assert.Contains((await agent.GetFromJsonAsync<JsonElement>("/api/v1/disruptions")).EnumerateArray(), d => d.GetProperty("id").GetInt32() == id);

        // The token acts with its user's roles as they are now: a supervisor made an agent can no longer declare.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            Assert.True((await accounts.UpdateAsync(_supervisorId, new EditUserInput { DisplayName = "Sam Supervisor", Roles = [Roles.Agent] })).Succeeded);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.PostAsJsonAsync("/api/v1/disruptions", declaration)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/api/v1/disruptions/{id}")).StatusCode);
    }

    [Fact]
    public async Task ATicketIsOpenedAnsweredNotedGivenAFileAndItsClocksRead()
    {
        var client = _app.ApiClient(await _app.TokenAsync(Agent, "ReadWrite"));
        var invalid = await client.PostAsJsonAsync("/api/v1/tickets", new { requesterEmail = "not an address", subject = "", priority = "asap" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("requesterEmail", out _) && errors.TryGetProperty("subject", out _) && errors.TryGetProperty("priority", out _), errors.ToString());

        var created = await client.PostAsJsonAsync("/api/v1/tickets", new
        {
            requesterEmail = "erin@globex.example", requesterName = "Erin", subject = "VPN down", description = "Since 9:00.", priority = "urgent", notifyRequester = false,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = await created.Content.ReadFromJsonAsync<JsonElement>();
        var number = ticket.GetProperty("number").GetInt32();
        Assert.Equal($"/api/v1/tickets/{number}", created.Headers.Location?.OriginalString);
        Assert.Equal(("urgent", "web", "erin@globex.example"), (ticket.GetProperty("priority").GetString(), ticket.GetProperty("channel").GetString(), ticket.GetProperty("requester").GetProperty("email").GetString()));

        // A note is not emailed; a reply is, and solving with it stops the clocks.
        _app.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = " ", visibility = "internal" })).StatusCode);
        var note = await client.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "Checking the concentrator.", visibility = "internal" });
        Assert.Equal(HttpStatusCode.Created, note.StatusCode);
        Assert.Equal("internal", (await note.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visibility").GetString());
        await using (var db = _app.NewContext())
        {
            Assert.Empty(db.Outbox.Where(m => m.TicketNumber == number && m.To == "erin@globex.example")); // (supervisors are alerted of the breach)
        }

        var stale = await client.SendAsync(HttpMethod.Post, $"/api/v1/tickets/{number}/messages", new { body = "Late." }, ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        var reply = await client.PostAsJsonAsync($"/api/v1/tickets/{number}/messages", new { body = "It is back; please try again.", status = "solved" });
        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        await using (var db = _app.NewContext())
        {
            var sent = await db.Outbox.Where(m => m.TicketNumber == number && m.Body.Contains("It is back")).SingleAsync();
            Assert.Equal("erin@globex.example", sent.To);
        }

        var read = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}");
        Assert.Equal(("solved", "Avery Agent"), (read.GetProperty("status").GetString(), await AssigneeNameAsync(read.GetProperty("assigneeId").GetString())));

        var sla = await client.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}/sla");
        Assert.True(sla.GetProperty("clocks").GetArrayLength() > 0, sla.ToString());
        var clocks = sla.GetProperty("clocks").EnumerateArray().ToDictionary(c => c.GetProperty("metric").GetString()!, c => c);
        // Urgent: a first reply within 15 minutes, a solution within 120; the reply came after 20.
        Assert.Equal(("met-late", 15, 20.0, true), (clocks["first-response"].GetProperty("state").GetString(), clocks["first-response"].GetProperty("targetMinutes").GetInt32(),
            clocks["first-response"].GetProperty("usedMinutes").GetDouble(), clocks["first-response"].GetProperty("breached").GetBoolean()));
        Assert.Equal("met", clocks["resolution"].GetProperty("state").GetString());
        var timeline = sla.GetProperty("timeline").EnumerateArray().Select(e => (e.GetProperty("metric").GetString(), e.GetProperty("kind").GetString())).ToList();
        Assert.Contains(("first-response", "started"), timeline);
        Assert.Contains(("first-response", "breached"), timeline);
        Assert.Contains(("first-response", "met-late"), timeline);
        Assert.Contains(("resolution", "met"), timeline);

        // A file, sent as a form, comes back byte for byte, to a read token too.
        using var form = new MultipartFormDataContent
        {
            { new StringContent("The log."), "body" },
            { new StringContent("internal"), "visibility" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("line 1\nline 2\n")), "files", "vpn.log" },
        };
        var attached = await client.PostAsync($"/api/v1/tickets/{number}/attachments", form);
        Assert.Equal(HttpStatusCode.Created, attached.StatusCode);
        var url = (await attached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments")[0].GetProperty("url").GetString()!;
        var reader = _app.ApiClient(await _app.TokenAsync(Agent, "Read"));
        Assert.Equal("line 1\nline 2\n", await reader.GetStringAsync(url));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/api/v1/tickets/{_ticket}/attachments/{url.Split('/')[^1]}")).StatusCode); // not that ticket's

        var messages = await reader.GetFromJsonAsync<JsonElement>($"/api/v1/tickets/{number}/messages");
        Assert.Equal(["public", "internal", "public", "internal"], messages.EnumerateArray().Select(m => m.GetProperty("visibility").GetString()));
    }

    [Fact]
    public async Task TheListSearchesTextLikeTheQueue()
    {
        var client = _app.ApiClient(await _app.TokenAsync(Agent, "Read"));
        var found = await client.GetFromJsonAsync<JsonElement>("/api/v1/tickets?q=printer");
        Assert.Equal([_ticket], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/tickets?q=scanner")).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/tickets?q=" + new string('x', 201))).StatusCode);
    }

    [Fact]
    public async Task CustomersAndOrganizationsAreListedReadCreatedAndReplaced()
    {
        var client = _app.ApiClient(await _app.TokenAsync(Agent, "ReadWrite"));
        var organization = await client.PostAsJsonAsync("/api/v1/organizations", new { name = "Globex", domains = "globex.example" });
        Assert.Equal(HttpStatusCode.Created, organization.StatusCode);
        var organizationId = (await organization.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/organizations", new { name = "Globex" })).StatusCode);

        var invalid = await client.PostAsJsonAsync("/api/v1/customers", new { email = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("email", out _));

        for (var i = 0; i < 3; i++)
        {
            var created = await client.PostAsJsonAsync("/api/v1/customers", new { email = $"p{i}@globex.example", name = $"Person {i}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(organizationId, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organizationId").GetInt32()); // by its domain
        }

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/v1/customers", new { email = "p0@globex.example" })).StatusCode);

        var first = await client.GetFromJsonAsync<JsonElement>("/api/v1/customers?q=globex&limit=2");
        var second = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers?q=globex&limit=2&cursor={first.GetProperty("next").GetString()}");
        var emails = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(c => c.GetProperty("email").GetString()).ToList();
        Assert.Equal(["p0@globex.example", "p1@globex.example", "p2@globex.example"], emails);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        var id = second.GetProperty("items")[0].GetProperty("id").GetInt32();
        var replaced = await client.PutAsJsonAsync($"/api/v1/customers/{id}", new { email = "p2@globex.example", name = "Pat", phone = "+351 210 000 000", language = "pt-PT" });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var customer = await client.GetFromJsonAsync<JsonElement>($"/api/v1/customers/{id}");
        Assert.Equal(("Pat", "pt-PT", (int?)null), (customer.GetProperty("name").GetString(), customer.GetProperty("language").GetString(), customer.GetProperty("organizationId").ValueKind == JsonValueKind.Null ? null : (int?)0));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/customers/9999")).StatusCode);

        var organizations = await client.GetFromJsonAsync<JsonElement>("/api/v1/organizations?q=globex");
        Assert.Equal(2, organizations.GetProperty("items")[0].GetProperty("customers").GetInt32());
        Assert.Equal("globex.example", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{organizationId}")).GetProperty("domains")[0].GetString());
    }

    private async Task<string?> AssigneeNameAsync(string? id)
    {
        await using var db = _app.NewContext();
        return await db.Agents.Where(a => a.Id == id).Select(a => a.DisplayName).SingleOrDefaultAsync();
    }
}
