using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>
/// Macros: saved only when every placeholder exists; applied on a ticket, they fill the form for review with the
/// message rendered against the real ticket; sent, they are one audited update; shared ones are the admins'.
/// </summary>
public sealed partial class MacroPages : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;
    private string _agentId = null!;

    public async Task InitializeAsync()
    {
        _agentId = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.CreateUserAsync("ada@helpdesk.example", "Ada Admin", Roles.Agent, Roles.Admin);
        await _app.AddStandardPolicyAsync();
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> OpenAsync(string name)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
            new NewTicketInput { RequesterEmail = "ana@acme.example", RequesterName = name, Subject = "Printer jams", Description = "Help", Priority = TicketPriority.Normal, NotifyRequester = false },
            _agentId)).Number;
    }

    private static List<KeyValuePair<string, string>> Form(string name, string body, params (string, string)[] more) =>
        [new("Input.Name", name), new("Input.Body", body), new("Input.Internal", "false"), .. more.Select(m => new KeyValuePair<string, string>(m.Item1, m.Item2))];

    private async Task<int> SaveAsync(WebSession session, string name, string body, params (string, string)[] more)
    {
        var saved = await session.PostFormAsync("/macros/new", "/macros/new", Form(name, body, more));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = _app.NewContext();
        return await db.Set<Macro>().Where(m => m.Name == name).Select(m => m.Id).SingleAsync();
    }

    [Fact]
    public async Task AnUnknownPlaceholderIsAFieldErrorAtSaveAndNothingIsSaved()
    {
        var refused = await _agent.PostFormAsync("/macros/new", "/macros/new", Form("Greeting", "Hello {{ requester.nickname }}"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Matches("data-valmsg-for=\"Input.Body\"[^>]*>\\{\\{ requester.nickname \\}\\} is not a placeholder", page);
        Assert.Contains("Hello {{ requester.nickname }}", page); // what was typed is kept
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await _agent.PostFormAsync("/macros/new", "/macros/new", Form("Broken", "Hello {{ requester.name"))).StatusCode);
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.Set<Macro>().CountAsync());
    }

    [Fact]
    public async Task AppliedOnATicketItFillsTheFormWithTheRenderedReplyAndItsChangesForReview()
    {
        var number = await OpenAsync("Ana Lima");
        var macro = await SaveAsync(_agent, "Ask for the model",
            "Hello {{ requester.first_name }}, about #{{ ticket.number }} ({{ ticket.subject }}): which model is it? First reply due {{ sla.first_response_due }}. {{ agent.first_name }}",
            ("Input.Status", "Pending"), ("Input.AddTags", "hardware"), ("Input.AssignToSelf", "true"));

        var page = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{number}?macro={macro}"));

        Assert.Contains("Macro “Ask for the model” applied", page);
        Assert.Contains($"Hello Ana, about #{number} (Printer jams): which model is it? First reply due Monday 2 March, 10:00 (UTC). Avery</textarea>", page);
        Assert.Matches("<option selected=\"selected\" value=\"Pending\">|<option value=\"Pending\" selected=\"selected\">", page);
        Assert.Matches("id=\"Input_Tags\"[^>]*value=\"hardware\"|value=\"hardware\"[^>]*id=\"Input_Tags\"", page);

        // Nothing saved until the agent sends it; then one update: the reply, the status, the tag, the assignee, at one moment.
        await using (var db = _app.NewContext())
        {
            Assert.Equal(TicketStatus.New, await db.Tickets.Where(t => t.Number == number).Select(t => t.Status).SingleAsync());
        }

        var version = Regex.Match(page, "name=\"Input.Version\" value=\"(\\d+)\"|value=\"(\\d+)\"[^>]*name=\"Input.Version\"");
        var body = Regex.Match(page, "<textarea[^>]*>([^<]*)</textarea>").Groups[1].Value;
        var sent = await _agent.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
        [
            new("Input.Version", version.Groups[1].Success ? version.Groups[1].Value : version.Groups[2].Value), new("Input.Body", body), new("Input.Visibility", "Public"),
            new("Input.Status", "Pending"), new("Input.Priority", "Normal"), new("Input.AssigneeId", _agentId), new("Input.Tags", "hardware"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await using (var db = _app.NewContext())
        {
            var ticket = await db.Tickets.Include(t => t.AuditTrail).Include(t => t.Messages).SingleAsync(t => t.Number == number);
            Assert.Equal((TicketStatus.Pending, _agentId), (ticket.Status, ticket.AssigneeId));
            Assert.Contains(ticket.Messages, m => m.Body.StartsWith("Hello Ana, about #", StringComparison.Ordinal));
            var changes = ticket.AuditTrail.Where(a => a.At == ticket.UpdatedAt).Select(a => a.Field).ToList();
            Assert.Contains("Reply", changes);
            Assert.Contains("Status", changes);
            Assert.Contains("Assignee", changes);
            Assert.Contains("Tags", changes);
        }
    }

    [Fact]
    public async Task ACustomersNameWithLiquidInItIsWrittenAsItIsNeverRun()
    {
        var number = await OpenAsync("{{ agent.name }}{% for i in (1..3) %}x{% endfor %}");
        var macro = await SaveAsync(_agent, "Greet", "Dear {{ requester.name }},");

        var page = WebUtility.HtmlDecode(await _agent.GetPageAsync($"/tickets/{number}?macro={macro}"));

        Assert.Contains("Dear {{ agent.name }}{% for i in (1..3) %}x{% endfor %},</textarea>", page);
    }

    [Fact]
    public async Task SharedMacrosAreTheAdminsAndPersonalOnesStayTheirOwners()
    {
        var admin = _app.Session();
        await admin.LoginAsync("ada@helpdesk.example");
        var shared = await SaveAsync(admin, "Escalate", string.Empty, ("Input.Priority", "Urgent"), ("Input.Shared", "true"));
        var personal = await SaveAsync(admin, "Ada's own", "Thanks!");

        var list = WebUtility.HtmlDecode(await _agent.GetPageAsync("/macros"));
        Assert.Contains("Escalate", list);
        Assert.DoesNotContain("Ada's own", list);
        Assert.Equal(HttpStatusCode.NotFound, (await _agent.GetAsync($"/macros/{shared}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _agent.PostFormAsync("/macros", $"/macros/{shared}/delete", [])).StatusCode);
        var number = await OpenAsync("Ana");
        Assert.Equal(HttpStatusCode.NotFound, (await _agent.GetAsync($"/tickets/{number}?macro={personal}")).StatusCode);
        Assert.Contains("id=\"macro-applied\"", await _agent.GetPageAsync($"/tickets/{number}?macro={shared}"));

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/macros", $"/macros/{shared}/delete", [])).StatusCode);
        await using var db = _app.NewContext();
        Assert.False(await db.Set<Macro>().AnyAsync(m => m.Id == shared));
    }
}
