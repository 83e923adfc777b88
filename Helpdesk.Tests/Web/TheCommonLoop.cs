using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>
/// Open the most urgent → answer → solve → next, in as few steps as Zendesk: "Assign to me", a public reply to an
/// unassigned ticket assigns it, "Send and solve" / "Send and set Pending", and the agent's choice to go on to the
/// next ticket of their view after sending.
/// </summary>
public sealed class TheCommonLoop : IAsyncLifetime
{
    private readonly HelpdeskFactory _app;
    private WebSession _agent = null!;
    private string _agentId = null!;

    public TheCommonLoop() : this(null)
    {
    }

    private TheCommonLoop(IReadOnlyDictionary<string, string>? settings) => _app = new HelpdeskFactory(TestDatabase.Sqlite(), settings: settings);

    public async Task InitializeAsync()
    {
        _agentId = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> OpenAsync(string subject, TicketPriority priority, string? assignee = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
            new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = subject, Description = "Help", Priority = priority, AssigneeId = assignee, NotifyRequester = false },
            _agentId)).Number;
    }

    private async Task<Ticket> TicketAsync(int number)
    {
        await using var db = _app.NewContext();
        return await db.Tickets.AsNoTracking().SingleAsync(t => t.Number == number);
    }

    /// <summary>The ticket form as the page posts it, with the ticket's fields as they are and the given message and extras.</summary>
    private async Task<HttpResponseMessage> SendAsync(int number, string body, string visibility = "Public", params (string Name, string Value)[] extra)
    {
        var t = await TicketAsync(number);
        return await _agent.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
        [
            new("Input.Version", t.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Body", body), new("Input.Visibility", visibility),
            new("Input.Status", t.Status.ToString()), new("Input.Priority", t.Priority.ToString()), new("Input.AssigneeId", t.AssigneeId ?? string.Empty),
            .. extra.Select(e => new KeyValuePair<string, string>(e.Name, e.Value)),
        ]);
    }

    [Fact]
    public async Task APublicReplyToAnUnassignedTicketMakesItTheRepliersAndANoteDoesNot()
    {
        var noted = await OpenAsync("Noted", TicketPriority.Normal);
        var answered = await OpenAsync("Answered", TicketPriority.Normal);

        await SendAsync(noted, "Checking the logs.", "Internal");
        await SendAsync(answered, "Which printer?");

        Assert.Null((await TicketAsync(noted)).AssigneeId);
        Assert.Equal(_agentId, (await TicketAsync(answered)).AssigneeId);
    }

    [Fact]
    public async Task WithTheSettingOffAReplyLeavesTheTicketUnassigned()
    {
        await using var loop = new TheCommonLoop(new Dictionary<string, string> { ["Tickets:AssignOnReply"] = "false" });
        await loop.InitializeAsync();
        var number = await loop.OpenAsync("Answered", TicketPriority.Normal);

        await loop.SendAsync(number, "Which printer?");

        Assert.Null((await loop.TicketAsync(number)).AssigneeId);
    }

    [Fact]
    public async Task SendAndSolveAndSendAndSetPendingChangeTheStatusWithTheReply()
    {
        var solved = await OpenAsync("Solve me", TicketPriority.Normal);
        var pending = await OpenAsync("Ask them", TicketPriority.Normal);

        var first = await SendAsync(solved, "Fixed on our side.", extra: ("then", "solve"));
        await SendAsync(pending, "Which tray?", extra: ("then", "pending"));

        Assert.Equal($"/tickets/{solved}", first.Headers.Location!.OriginalString);
        Assert.Equal(TicketStatus.Solved, (await TicketAsync(solved)).Status);
        Assert.Equal(TicketStatus.Pending, (await TicketAsync(pending)).Status);
        await using var db = _app.NewContext();
        Assert.Equal(2, await db.Messages.CountAsync(m => (m.TicketNumber == solved || m.TicketNumber == pending) && m.Visibility == MessageVisibility.Public && m.AuthorAgentId != null));
    }

    [Fact]
    public async Task AssignToMeTakesTheTicketAsSeenAndReportsAChangeMeanwhile()
    {
        var colleague = await _app.CreateUserAsync("blair@helpdesk.example", "Blair", Roles.Agent);
        var number = await OpenAsync("Take me", TicketPriority.High);
        var page = await _agent.GetPageAsync($"/tickets/{number}");
        Assert.Contains("id=\"assign-me\"", page);

        var seen = (await TicketAsync(number)).Version;
        var taken = await _agent.PostFormAsync($"/tickets/{number}", $"/tickets/{number}/take", [new("version", seen.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        Assert.Equal(_agentId, (await TicketAsync(number)).AssigneeId);
        Assert.DoesNotContain("id=\"assign-me\"", await _agent.GetPageAsync($"/tickets/{number}"));

        // A second ticket changed by someone else after this agent saw it: reported, and the colleague keeps it.
        var other = await OpenAsync("Busy", TicketPriority.High);
        var stale = (await TicketAsync(other)).Version;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().TakeAsync(other, stale, colleague);
        }

        await _agent.PostFormAsync($"/tickets/{other}", $"/tickets/{other}/take", [new("version", stale.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(colleague, (await TicketAsync(other)).AssigneeId);
        Assert.Contains("changed", await _agent.GetPageAsync($"/tickets/{other}"));
    }

    [Fact]
    public async Task ChoosingTheNextTicketGoesOnToTheMostUrgentOfTheViewAndIsRemembered()
    {
        // The agent's view: all unsolved tickets, most urgent first: by the SLA's due moment (Urgent 15 min, Normal
        // 60 min), tickets without a target (High, in this policy) last.
        await _agent.GetAsync("/tickets?assignee=anyone");
        var normal = await OpenAsync("Normal one", TicketPriority.Normal);
        var urgent = await OpenAsync("Urgent one", TicketPriority.Urgent);
        var high = await OpenAsync("High one", TicketPriority.High);
        Assert.Contains($"id=\"next-ticket\" href=\"/tickets/{urgent}\"", await _agent.GetPageAsync("/tickets?assignee=anyone"));

        var sent = await SendAsync(urgent, "Done.", extra: [("then", "solve"), ("after", "NextInView")]);
        Assert.Equal($"/tickets/{normal}", sent.Headers.Location!.OriginalString);

        // Remembered: the page offers it chosen, and the next send goes on without choosing again.
        Assert.Contains("value=\"NextInView\" selected=\"selected\"", await _agent.GetPageAsync($"/tickets/{normal}"));
        var again = await SendAsync(normal, "Done too.", extra: ("then", "solve"));
        Assert.Equal($"/tickets/{high}", again.Headers.Location!.OriginalString);

        // The last one: back to the view, which has no other.
        var last = await SendAsync(high, "All done.", extra: ("then", "solve"));
        Assert.Equal("/tickets?assignee=anyone", last.Headers.Location!.OriginalString);
        Assert.Equal("/tickets?assignee=anyone", (await _agent.GetAsync($"/tickets/{high}/next")).Headers.Location!.OriginalString);
    }
}
