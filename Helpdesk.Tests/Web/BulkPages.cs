using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>Bulk actions from the queue: tick tickets, preview what will change (nothing saved), confirm, read what happened.</summary>
public sealed partial class BulkPages : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;
    private string _agentId = null!;

    public async Task InitializeAsync()
    {
        _agentId = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
        await using var scope = _app.Services.CreateAsyncScope();
        for (var i = 0; i < 3; i++)
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().OpenAsync(
                new NewTicketInput { RequesterEmail = $"c{i}@acme.example", Subject = $"Request {i}", Description = "Help", NotifyRequester = false }, _agentId);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TickedTicketsArePreviewedThenChangedOnConfirmation()
    {
        var queue = await _agent.GetPageAsync("/tickets?assignee=anyone");
        var ticked = Checkbox().Matches(queue).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, ticked.Count);
        Assert.Contains("id=\"select-page\"", queue);

        List<KeyValuePair<string, string>> fields = [.. ticked.Take(2).Select(t => new KeyValuePair<string, string>("Tickets", t)), new("Status", "Pending"), new("Assignee", _agentId), new("AddTags", "outage"), new("ReturnUrl", "/tickets?assignee=anyone")];
        var preview = await _agent.PostFormAsync("/tickets?assignee=anyone", "/tickets/bulk", fields);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Contains("<li>Status → Pending</li>", page);
        Assert.Contains("<li>Assignee → Avery Agent</li>", page);
        Assert.Contains("Apply to 2 tickets", page);
        await using (var db = _app.NewContext())
        {
            Assert.Equal(0, await db.Tickets.CountAsync(t => t.Status == TicketStatus.Pending));
        }

        var applied = await _agent.PostFormAsync("/tickets?assignee=anyone", "/tickets/bulk/apply", fields);
        Assert.Contains("2 tickets changed", WebUtility.HtmlDecode(await applied.Content.ReadAsStringAsync()));
        await using (var db = _app.NewContext())
        {
            Assert.Equal(2, await db.Tickets.CountAsync(t => t.Status == TicketStatus.Pending && t.AssigneeId == _agentId));
        }

        // The same selection again: both changed since the page was read, so both are reported and kept.
        var again = WebUtility.HtmlDecode(await (await _agent.PostFormAsync("/tickets?assignee=anyone", "/tickets/bulk/apply", [.. fields.Where(f => f.Key != "Status"), new("Status", "Open")])).Content.ReadAsStringAsync());
        Assert.Contains("0 tickets changed", again);
        Assert.Contains("id=\"bulk-meanwhile\"", again);
    }

    [Fact]
    public async Task NothingTickedOrNothingToChangeIsSaid()
    {
        var none = await _agent.PostFormAsync("/tickets?assignee=anyone", "/tickets/bulk", [new("Status", "Pending")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("Select the tickets first", await none.Content.ReadAsStringAsync());

        var queue = await _agent.GetPageAsync("/tickets?assignee=anyone");
        var nothing = await _agent.PostFormAsync("/tickets?assignee=anyone", "/tickets/bulk", [new("Tickets", Checkbox().Match(queue).Groups[1].Value)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        Assert.Contains("Choose what to change.", await nothing.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"Tickets\" value=\"(\\d+:\\d+)\"")]
    private static partial Regex Checkbox();
}
