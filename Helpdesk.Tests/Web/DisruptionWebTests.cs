using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web;

public sealed class DisruptionWebTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASupervisorDeclaresAndResolvesAgentsSeeTheBannerAndTheStatusPageIsPublic()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var supervisor = _app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        await agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "Mail is slow"),
            new("Input.Description", "Hours late"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);

        // Field errors, and nothing declared.
        var invalid = await supervisor.PostFormAsync("/disruptions", "/disruptions", [new("Input.Title", ""), new("Input.Message", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Give the disruption a title.", html);
        Assert.Contains("Say whom it touches", html);

        // Agents cannot declare.
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "x"), new("Input.Message", "y"), new("Input.Everyone", "true")])).StatusCode);

        // First what it would do; nothing is sent or linked until it is confirmed.
        var preview = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Email delivery delayed"), new("Input.Message", "Mail to us is delayed by up to an hour."), new("Input.Everyone", "true")]);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var previewPage = System.Net.WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Contains("Declaring emails 1 customer now and links 1 unsolved ticket.", previewPage);
        Assert.Contains("ana@acme.example", previewPage);
        Assert.Contains("Mail is slow", previewPage);
        Assert.Contains("Declare and email 1 customer", previewPage);
        await using (var before = _app.NewContext())
        {
            Assert.Equal(0, await before.Outbox.CountAsync(m => m.Kind == OutboxKind.Notice));
            Assert.Equal(0, await before.Set<Disruption>().CountAsync());
        }

        var declared = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Email delivery delayed"), new("Input.Message", "Mail to us is delayed by up to an hour."), new("Input.Everyone", "true"), new("Input.Confirmed", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        var url = declared.Headers.Location!.OriginalString;
        Assert.Contains("Email delivery delayed", await agent.GetPageAsync("/tickets?assignee=anyone"));

        var anonymous = _app.Session();
        var status = await anonymous.GetPageAsync("/status");
        Assert.Contains("Mail to us is delayed by up to an hour.", status);

        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync(url, url, [new("Input.Status", "Resolved"), new("Input.Message", "Delivery is back to normal.")])).StatusCode);
        Assert.Contains("All services are running normally.", await anonymous.GetPageAsync("/status"));
        Assert.DoesNotContain("Service disruption:", await agent.GetPageAsync("/tickets?assignee=anyone"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await supervisor.PostFormAsync(url, url, [new("Input.Status", "Resolved"), new("Input.Message", "Again.")])).StatusCode);

        await using var db = _app.NewContext();
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Notice && m.To == "ana@acme.example"));
        Assert.Equal(DisruptionStatus.Resolved, (await db.Set<Disruption>().SingleAsync()).Status);
    }

    [Fact]
    public async Task TheStatusPageShowsOnlyDisruptionsDeclaredForEveryone()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        int acme;
        await using (var db = _app.NewContext())
        {
            var organization = new Organization("Acme", "acme.example", null, _app.Clock.GetUtcNow());
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            acme = organization.Id;
        }

        var supervisor = _app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");
        await supervisor.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "VPN down"),
            new("Input.Description", "No tunnel"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var scoped = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Acme VPN gateway down"), new("Input.Message", "The Acme site-to-site tunnel is down."), new("Input.OrganizationIds", acme.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Confirmed", "true")]);
        Assert.True(scoped.StatusCode == HttpStatusCode.Redirect, await scoped.Content.ReadAsStringAsync());

        var status = await _app.Session().GetPageAsync("/status");
        Assert.DoesNotContain("Acme", status);
        Assert.Contains("All services are running normally.", status);

        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Email delivery delayed"), new("Input.Message", "Mail to us is delayed."), new("Input.Everyone", "true"), new("Input.Confirmed", "true")])).StatusCode);
        status = await _app.Session().GetPageAsync("/status");
        Assert.Contains("Email delivery delayed", status);
        Assert.DoesNotContain("Acme", status);
        Assert.Contains("Acme VPN gateway down", await supervisor.GetPageAsync("/disruptions"));
    }

    /// <summary>A supervisor's session; ana@acme.example with a ticket; a disruption for everyone declared (its page's URL).</summary>
    private async Task<(WebSession Supervisor, string Url)> DeclareForAnaAsync()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        var supervisor = _app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");
        await supervisor.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "Slow"),
            new("Input.Description", "Slow"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var declared = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Slow pages"), new("Input.Message", "Pages load slowly."), new("Input.Everyone", "true"), new("Input.Confirmed", "true")]);
        return (supervisor, declared.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task TheSignedLinkInANoticeStopsFurtherNoticesAfterAConfirmationAndATamperedLinkIsRefused()
    {
        var (supervisor, url) = await DeclareForAnaAsync();

        string link;
        await using (var db = _app.NewContext())
        {
            var body = (await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Notice)).Body;
            link = System.Text.RegularExpressions.Regex.Match(body, @"/notices/opt-out\?t=\S+").Value;
        }

        // Opening the link changes nothing (mail scanners open links); the button does.
        var customer = _app.Session();
        var page = await customer.GetPageAsync(link);
        Assert.Contains("Stop service disruption notices to <strong>ana@acme.example</strong>?", page);
        await using (var db = _app.NewContext())
        {
            Assert.False((await db.Customers.SingleAsync(c => c.Email == "ana@acme.example")).NoticesOptOut);
        }

        var token = Uri.UnescapeDataString(link[(link.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        var done = await customer.PostFormAsync(link, "/notices/opt-out", [new("t", token)]);
        Assert.Contains("will no longer get service disruption notices", await done.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, (await customer.GetAsync(link[..^4] + "AAAA")).StatusCode);

        // The List-Unsubscribe header's one-click URL names the same customer; opened in a browser it asks like the link.
        string oneClick;
        await using (var db = _app.NewContext())
        {
            oneClick = new Uri((await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Notice)).ListUnsubscribe!).PathAndQuery;
        }

        Assert.StartsWith("/notices/unsubscribe?t=", oneClick);
        var opened = await customer.GetAsync(oneClick);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.StartsWith("/notices/opt-out?t=", opened.Headers.Location!.OriginalString);

        await supervisor.PostFormAsync(url, url, [new("Input.Status", "Resolved"), new("Input.Message", "Fast again.")]);
        await using var check = _app.NewContext();
        Assert.True((await check.Customers.SingleAsync(c => c.Email == "ana@acme.example")).NoticesOptOut);
        Assert.Equal(1, await check.Outbox.CountAsync(m => m.Kind == OutboxKind.Notice));
    }

    [Fact]
    public async Task AMailProvidersOneClickUnsubscribeStopsNoticesWithoutCookiesOrAntiforgeryButOnlyWithItsBodyAndAValidToken()
    {
        await DeclareForAnaAsync();
        string url;
        await using (var db = _app.NewContext())
        {
            url = new Uri((await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Notice)).ListUnsubscribe!).PathAndQuery;
        }

        async Task<bool> OptedOutAsync()
        {
            await using var db = _app.NewContext();
            return (await db.Customers.SingleAsync(c => c.Email == "ana@acme.example")).NoticesOptOut;
        }

        // As RFC 8058 has it: a POST of "List-Unsubscribe=One-Click" from a client with no cookies. Anything else changes nothing.
        using var provider = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        FormUrlEncodedContent Body(string value) => new([new("List-Unsubscribe", value)]);
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.PostAsync(url, new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.PostAsync(url, Body("Maybe"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await provider.PostAsync(url[..^4] + "AAAA", Body("One-Click"))).StatusCode);
        Assert.False(await OptedOutAsync());

        var done = await provider.PostAsync(url, Body("One-Click"));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.True(await OptedOutAsync());
    }

    [Fact]
    public async Task AnAgentLinksAnEarlierTicketToTheActiveDisruptionAndUnlinksIt()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        var agent = _app.Session();
        await agent.LoginAsync("sam@helpdesk.example");
        var created = await agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "Printer offline"),
            new("Input.Description", "Offline"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var ticketUrl = created.Headers.Location!.OriginalString;
        var declared = await agent.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Print server down"), new("Input.Message", "Printing is unavailable."), new("Input.Everyone", "true"), new("Input.Confirmed", "true")]);
        var id = declared.Headers.Location!.OriginalString.Split('/').Last();

        // The declaration linked the earlier ticket; the agent unlinks it and links it again.
        Assert.Contains($"Linked to <a href=\"/disruptions/{id}\">disruption #{id}</a>", await agent.GetPageAsync(ticketUrl));
        Assert.Equal(HttpStatusCode.Redirect, (await agent.PostFormAsync(ticketUrl, ticketUrl + "/disruption", [new("disruptionId", "")])).StatusCode);
        var page = await agent.GetPageAsync(ticketUrl);
        Assert.Contains("<option value=\"" + id + "\">Print server down</option>", page);
        Assert.Equal(HttpStatusCode.Redirect, (await agent.PostFormAsync(ticketUrl, ticketUrl + "/disruption", [new("disruptionId", id)])).StatusCode);
        Assert.Contains($"Linked to <a href=\"/disruptions/{id}\">disruption #{id}</a>", await agent.GetPageAsync(ticketUrl));

        Assert.Equal(HttpStatusCode.Redirect, (await agent.PostFormAsync(ticketUrl, ticketUrl + "/disruption", [new("disruptionId", "")])).StatusCode);
        await using var db = _app.NewContext();
        var ticket = await db.Tickets.Include(t => t.AuditTrail).SingleAsync();
        Assert.Null(ticket.DisruptionId);
        Assert.Equal(4, ticket.AuditTrail.Count(a => a.Field == "Disruption"));
    }

    [Fact]
    public async Task AnOrganizationContactWhoOptedInGetsTheNoticesOfItsOrganizationWithoutAnOpenTicket()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        var supervisor = _app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");
        int organization;
        int contact;
        await using (var db = _app.NewContext())
        {
            var acme = new Organization("Acme", "acme.example", null, _app.Clock.GetUtcNow());
            db.Organizations.Add(acme);
            await db.SaveChangesAsync();
            var it = new Customer(new EmailAddress("it@acme.example"), "Acme IT", acme, _app.Clock.GetUtcNow());
            db.Customers.Add(it);
            await db.SaveChangesAsync();
            (organization, contact) = (acme.Id, it.Id);
        }

        var edited = await supervisor.PostFormAsync($"/customers/{contact}/edit", $"/customers/{contact}/edit",
        [
            new("Input.Email", "it@acme.example"), new("Input.Name", "Acme IT"), new("Input.OrganizationId", organization.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.NoticesOptIn", "true"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);

        var declared = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Acme VPN down"), new("Input.Message", "Your VPN gateway is down."), new("Input.OrganizationIds", organization.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Confirmed", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, declared.StatusCode);
        await using var check = _app.NewContext();
        Assert.Equal(["it@acme.example"], await check.Outbox.Where(m => m.Kind == OutboxKind.Notice).Select(m => m.To).ToListAsync());
    }

    [Fact]
    public async Task ASupervisorRepliesToAllLinkedTicketsFromTheResolvedDisruptionsPageAndAnAgentCannot()
    {
        await _app.CreateUserAsync("sam@helpdesk.example", "Sam", Roles.Supervisor, Roles.Agent);
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var supervisor = _app.Session();
        await supervisor.LoginAsync("sam@helpdesk.example");
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        async Task OpenAsync(string email, string subject) => await agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", email), new("Input.Subject", subject),
            new("Input.Description", "Hours late"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);

        await OpenAsync("ana@acme.example", "Before the outage");
        var declared = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Email delivery delayed"), new("Input.Message", "Mail is delayed."), new("Input.Everyone", "true"), new("Input.Confirmed", "true")]);
        var url = declared.Headers.Location!.OriginalString;
        await OpenAsync("bo@acme.example", "Where is my mail");
        await OpenAsync("cy@acme.example", "Mail missing");

        // The ticket opened before the declaration is linked by it; those opened after, as they come in.
        var page = await supervisor.GetPageAsync(url);
        Assert.Contains("Where is my mail", page);
        Assert.Contains("Mail missing", page);
        Assert.Contains("Before the outage", page);
        Assert.DoesNotContain("/follow-up", page); // not before the resolution

        await supervisor.PostFormAsync(url, url, [new("Input.Status", "Resolved"), new("Input.Message", "Delivery is back to normal.")]);
        Assert.Contains("Reply to all 3 unsolved linked ticket(s)", await supervisor.GetPageAsync(url));
        Assert.DoesNotContain("Reply to all", await agent.GetPageAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.PostFormAsync(url, $"{url}/follow-up",
            [new("FollowUp.Message", "Fixed."), new("FollowUp.Solve", "true")])).StatusCode);

        var empty = await supervisor.PostFormAsync(url, $"{url}/follow-up", [new("FollowUp.Message", ""), new("FollowUp.Solve", "true")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Write the reply the customers will get.", await empty.Content.ReadAsStringAsync());

        var done = await supervisor.PostFormAsync(url, $"{url}/follow-up", [new("FollowUp.Message", "All mail has been delivered."), new("FollowUp.Solve", "true")]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        page = await supervisor.GetPageAsync(url);
        Assert.Contains("replied to 3 linked ticket(s) and solved them", page);
        Assert.DoesNotContain("Reply to all", page);

        await using var db = _app.NewContext();
        var linked = await db.Tickets.Where(t => t.DisruptionId != null).ToListAsync();
        Assert.Equal(3, linked.Count);
        Assert.All(linked, t => Assert.Equal(TicketStatus.Solved, t.Status));
        Assert.Equal(3, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Reply && m.Body.Contains("All mail has been delivered.")));
    }
}
