using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>Admins define automations: field errors for what would break, a preview before one acts on tickets at once, agents kept out.</summary>
public sealed class AutomationPages : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _admin = null!;
    private string _adminId = null!;

    public async Task InitializeAsync()
    {
        _adminId = await _app.CreateUserAsync("root@helpdesk.example", "Robin Admin", Roles.Admin, Roles.Agent);
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        await _app.AddStandardPolicyAsync();
        _admin = _app.Session();
        await _admin.LoginAsync("root@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static List<KeyValuePair<string, string>> Form(string name, string hours, string body, string? confirmed = null)
    {
        List<KeyValuePair<string, string>> fields =
        [
            new("Input.Name", name), new("Input.Active", "true"), new("Input.Position", "0"), new("Input.Status", "Pending"), new("Input.Since", "StatusChanged"),
            new("Input.Hours", hours), new("Input.EmailSubject", "Still there?"), new("Input.EmailBody", body), new("Input.AddTags", "reminded"),
        ];
        if (confirmed is not null)
        {
            fields.Add(new("Input.Confirmed", confirmed));
        }

        return fields;
    }

    [Fact]
    public async Task AnUnknownPlaceholderOrNoActionIsAFieldErrorAndNothingIsSaved()
    {
        var response = await _admin.PostFormAsync("/admin/automations/new", "/admin/automations/new", Form("Remind", "48", "Hello {{ requester.nickname }}"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("{{ requester.nickname }} is not a placeholder", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));

        var none = await _admin.PostFormAsync("/admin/automations/new", "/admin/automations/new",
            [.. Form("Nothing", "0", string.Empty).Where(f => f.Key is not ("Input.AddTags" or "Input.EmailSubject"))]);
        var page = WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("Choose at least one action", page);
        Assert.Contains("Give a number of hours from 1 to", page);
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.Set<Automation>().CountAsync());
    }

    [Fact]
    public async Task AnAutomationThatWouldActOnTicketsAtOnceIsPreviewedThenSavedWhenConfirmed()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            for (var i = 0; i < 3; i++)
            {
                var t = await tickets.OpenAsync(new NewTicketInput { RequesterEmail = $"c{i}@acme.example", Subject = $"Request {i}", Description = "Help", NotifyRequester = false }, _adminId);
                await tickets.UpdateAsync(t.Number, new TicketUpdateInput { Version = t.Version, Body = "Which one?", Status = TicketStatus.Pending, Priority = TicketPriority.Normal }, _adminId);
            }
        }

        _app.Clock.Advance(TimeSpan.FromDays(3));
        await _admin.LoginAsync("root@helpdesk.example"); // the sign-in of three days ago has expired
        var preview = await _admin.PostFormAsync("/admin/automations/new", "/admin/automations/new", Form("Remind", "48", "Hello {{ requester.first_name }}"));
        var page = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("this automation acts on 3 tickets at its next run", page);
        Assert.Contains("Save and run it on these tickets", page);
        await using (var db = _app.NewContext())
        {
            Assert.Equal(0, await db.Set<Automation>().CountAsync());
        }

        var saved = await _admin.PostFormAsync("/admin/automations/new", "/admin/automations/new", Form("Remind", "48", "Hello {{ requester.first_name }}", confirmed: "3"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var list = WebUtility.HtmlDecode(await _admin.GetPageAsync("/admin/automations"));
        Assert.Contains("Pending for 48 hours since it entered that status", list);
        Assert.Contains("email the requester, add tags reminded", list);

        // Nothing due: saved at once, no preview.
        var quiet = await _admin.PostFormAsync("/admin/automations/new", "/admin/automations/new", Form("Much later", "2000", "Hello"));
        Assert.Equal(HttpStatusCode.Redirect, quiet.StatusCode);
    }

    [Fact]
    public async Task AgentsCannotReachTheAutomations()
    {
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/automations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/automations/new")).StatusCode);
    }
}
