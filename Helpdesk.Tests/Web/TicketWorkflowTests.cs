using System.Net;
using System.Text.RegularExpressions;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web;

public sealed partial class TicketWorkflowTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new();
    private WebSession _agent = null!;
    private string _agentId = null!;
    private string _colleagueId = null!;

    public async Task InitializeAsync()
    {
        _agentId = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);
        _colleagueId = await _app.CreateUserAsync("blair@helpdesk.example", "Blair Colleague", Roles.Agent);
        _agent = _app.Session();
        await _agent.LoginAsync("avery@helpdesk.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<int> CreateTicketAsync(string subject = "Printer jams on every page", string email = "ana@acme.example", string priority = "High")
    {
        var response = await _agent.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", email), new("Input.RequesterName", "Ana Almeida"),
            new("Input.Subject", subject), new("Input.Description", "Since this morning the printer jams."),
            new("Input.Priority", priority), new("Input.Channel", "Phone"), new("Input.Tags", "hardware"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(NumberInLocation().Match(response.Headers.Location!.OriginalString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<HttpResponseMessage> UpdateAsync(int number, int version, string body, string visibility = "Public", string status = "Open", string priority = "High", string? assignee = null, string tags = "hardware") =>
        _agent.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
        [
            new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Body", body), new("Input.Visibility", visibility), new("Input.Status", status),
            new("Input.Priority", priority), new("Input.AssigneeId", assignee ?? string.Empty), new("Input.Tags", tags),
        ]);

    private async Task<int> VersionOfAsync(int number)
    {
        await using var db = _app.NewContext();
        return await db.Tickets.Where(t => t.Number == number).Select(t => t.Version).SingleAsync();
    }

    [Fact]
    public async Task SearchingATicketNumberOpensItWhateverItsStatus()
    {
        var number = await CreateTicketAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await UpdateAsync(number, await VersionOfAsync(number), "Fixed.", status: "Solved")).StatusCode);

        // The queue shows unsolved tickets by default; the number still finds this one, with or without "#".
        foreach (var q in new[] { $"%23{number}", $"{number}", $"%20%23{number}%20" })
        {
            var response = await _agent.GetAsync($"/tickets?q={q}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal($"/tickets/{number}", response.Headers.Location!.OriginalString);
        }

        var none = await _agent.GetAsync("/tickets?q=%23987654");
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
    }

    [Fact]
    public async Task SearchingWordsFindsThemInRepliesBestMatchFirstAndOffersEveryStatus()
    {
        var jam = await CreateTicketAsync();
        var toner = await CreateTicketAsync("Toner order");
        Assert.Equal(HttpStatusCode.Redirect, (await UpdateAsync(jam, await VersionOfAsync(jam), "Try the blue lever behind the toner drawer.", status: "Solved")).StatusCode);

        // Unsolved only (the view's filter): the subject match; the page says what was searched and offers every status.
        var page = await _agent.GetPageAsync("/tickets?q=toner&assignee=anyone");
        Assert.Contains($"/tickets/{toner}\"", page);
        Assert.DoesNotContain($"/tickets/{jam}\"", page);
        Assert.Contains("best matches first", page);
        Assert.Contains("Search all tickets, any status", page);

        // Any status: the solved ticket is found by the words of its reply, after the subject's match.
        page = await _agent.GetPageAsync("/tickets?q=toner&status=all&assignee=anyone");
        Assert.True(page.IndexOf($"/tickets/{toner}\"", StringComparison.Ordinal) is var a and >= 0
            && page.IndexOf($"/tickets/{jam}\"", StringComparison.Ordinal) is var b && b > a, "the subject's match comes first, then the reply's");
        page = await _agent.GetPageAsync("/tickets?q=blue+lever&status=all&assignee=anyone");
        Assert.Contains($"/tickets/{jam}\"", page);
        Assert.DoesNotContain($"/tickets/{toner}\"", page);
    }

    [Fact]
    public async Task AnAgentCreatesRepliesNotesReassignsAndSolvesAndTheAuditTrailShowsEachChange()
    {
        var number = await CreateTicketAsync();
        var page = await _agent.GetPageAsync($"/tickets/{number}");
        Assert.Contains("Printer jams on every page", page);
        Assert.Contains("Since this morning the printer jams.", page);

        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Redirect, (await UpdateAsync(number, await VersionOfAsync(number), "We are sending a technician.")).StatusCode);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await UpdateAsync(number, await VersionOfAsync(number), "Technician booked for 14:00.", visibility: "Internal")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UpdateAsync(number, await VersionOfAsync(number), "", status: "Solved", assignee: _colleagueId)).StatusCode);

        page = await _agent.GetPageAsync($"/tickets/{number}");
        Assert.Contains("We are sending a technician.", page);
        Assert.Contains("Technician booked for 14:00.", page);
        Assert.Contains("Internal note", page);
        var audit = page[page.IndexOf("id=\"audit-trail\"", StringComparison.Ordinal)..];
        Assert.Contains("Reply", audit);
        Assert.Contains("Note", audit);
        Assert.Matches(@"Status</span>:\s*<del>New</del>[\s\S]*?Open", audit);
        Assert.Matches(@"Status</span>:\s*<del>Open</del>[\s\S]*?Solved", audit);
        Assert.Contains("Blair Colleague", audit);
        Assert.Contains("Avery Agent", audit);

        await using var db = _app.NewContext();
        var ticket = await db.Tickets.Include(t => t.Messages).Include(t => t.AuditTrail).SingleAsync(t => t.Number == number);
        Assert.Equal(TicketStatus.Solved, ticket.Status);
        Assert.Equal(_colleagueId, ticket.AssigneeId);
        Assert.Equal(_app.Clock.GetUtcNow().AddMinutes(-1), ticket.FirstRespondedAt);
        Assert.Equal(3, ticket.Messages.Count);
        Assert.Contains(ticket.AuditTrail, a => a.Field == "Assignee" && a.NewValue == "Blair Colleague" && a.ActorId == _agentId);
    }

    [Fact]
    public async Task InvalidNewTicketInputShowsFieldErrorsAndCreatesNothing()
    {
        var response = await _agent.PostFormAsync("/tickets/new", "/tickets/new",
            [new("Input.RequesterEmail", "not an address"), new("Input.Subject", ""), new("Input.Description", ""), new("Input.Priority", "Normal"), new("Input.Channel", "Phone")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Input.RequesterEmail\"[^>]*>Enter a valid email address", html);
        Assert.Matches("data-valmsg-for=\"Input.Subject\"[^>]*>Enter a subject", html);
        Assert.Matches("data-valmsg-for=\"Input.Description\"[^>]*>Describe the customer", html);
        Assert.Contains("value=\"not an address\"", html);
        await using var db = _app.NewContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
        Assert.Equal(0, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task AnInvalidUpdateShowsTheErrorAndChangesNothing()
    {
        var number = await CreateTicketAsync();
        var version = await VersionOfAsync(number);

        var response = await UpdateAsync(number, version, "Reply text kept", tags: string.Join(' ', Enumerable.Range(0, 30).Select(i => $"t{i}")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Input.Tags\"[^>]*>Use at most", html);
        Assert.Contains("Reply text kept", html);
        Assert.Equal(version, await VersionOfAsync(number));
    }

    [Fact]
    public async Task ABrokenRuleIsExplainedAndNothingIsSaved()
    {
        var number = await CreateTicketAsync();

        var response = await UpdateAsync(number, await VersionOfAsync(number), "", status: "Closed");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Only a solved ticket can be closed", await response.Content.ReadAsStringAsync());
        await using var db = _app.NewContext();
        Assert.Equal(TicketStatus.New, (await db.Tickets.SingleAsync(t => t.Number == number)).Status);
    }

    [Fact]
    public async Task TheSecondOfTwoAgentsEditingTheSameTicketGetsAConflictWithTheCurrentState()
    {
        var number = await CreateTicketAsync();
        var seen = await VersionOfAsync(number);
        var colleague = _app.Session();
        await colleague.LoginAsync("blair@helpdesk.example");

        var first = await colleague.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
        [
            new("Input.Version", seen.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Body", "I'll take this one."),
            new("Input.Visibility", "Public"), new("Input.Status", "Pending"), new("Input.Priority", "Urgent"), new("Input.AssigneeId", _colleagueId), new("Input.Tags", "hardware"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await UpdateAsync(number, seen, "My reply written at the same time", status: "Solved", priority: "Low", assignee: _agentId);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("changed by someone else", html);
        Assert.Contains("I&#x27;ll take this one.", html);
        Assert.Contains("My reply written at the same time", html);
        Assert.Contains("status → Solved", html);
        Assert.Contains("priority → Low", html);
        Assert.Matches("id=\"ticket-status\">Pending<", html);

        await using var db = _app.NewContext();
        var ticket = await db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Number == number);
        Assert.Equal(TicketStatus.Pending, ticket.Status);
        Assert.Equal(TicketPriority.Urgent, ticket.Priority);
        Assert.Equal(_colleagueId, ticket.AssigneeId);
        Assert.DoesNotContain(ticket.Messages, m => m.Body.Contains("same time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueueFiltersReturnTheRightTickets()
    {
        var printer = await CreateTicketAsync("Printer jams", "ana@acme.example", "High");
        var invoice = await CreateTicketAsync("Invoice has wrong VAT", "bo@birch.example", "Low");
        var login = await CreateTicketAsync("Cannot log in", "cy@acme.example", "Urgent");
        await UpdateAsync(printer, await VersionOfAsync(printer), "Mine now", assignee: _agentId);
        await UpdateAsync(invoice, await VersionOfAsync(invoice), "Asked them by phone", visibility: "Internal", status: "Pending", priority: "Low"); // a note: stays unassigned

        async Task<int[]> Numbers(string query)
        {
            var html = await _agent.GetPageAsync("/tickets" + query);
            var table = html[html.IndexOf("<tbody>", StringComparison.Ordinal)..html.IndexOf("</tbody>", StringComparison.Ordinal)];
            return TicketLink().Matches(table).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
        }

        Assert.Equal(new[] { printer, invoice, login }.Order(), await Numbers("?assignee=anyone"));

        // The bare address lands an agent on their own unsolved tickets, and then on the view they chose last.
        var fresh = _app.Session();
        await fresh.LoginAsync("avery@helpdesk.example");
        Assert.Equal("/tickets?assignee=me", (await fresh.GetAsync("/tickets")).Headers.Location!.OriginalString);
        await fresh.GetPageAsync("/tickets?assignee=unassigned");
        Assert.Equal("/tickets?assignee=unassigned", (await fresh.GetAsync("/tickets")).Headers.Location!.OriginalString);
        Assert.Equal(new[] { printer }, await Numbers("?assignee=me"));
        Assert.Equal(new[] { invoice, login }.Order(), await Numbers("?assignee=unassigned"));
        Assert.Equal(new[] { invoice }, await Numbers("?status=pending"));
        Assert.Equal(new[] { login }, await Numbers("?priority=urgent"));
        Assert.Equal(new[] { printer, login }.Order(), await Numbers("?q=acme.example"));
        Assert.Equal(new[] { invoice }, await Numbers("?q=VAT"));
        Assert.Equal($"/tickets/{login}", (await _agent.GetAsync($"/tickets?q=%23{login}")).Headers.Location!.OriginalString); // a number opens the ticket
        Assert.Empty(await Numbers("?q=nothing-matches-this"));

        var html = await _agent.GetPageAsync("/tickets?assignee=anyone");
        Assert.Matches(@"Your unsolved tickets</span><span[^>]*data-count>1<", html);
        Assert.Matches(@"Unassigned tickets</span><span[^>]*data-count>2<", html);
        Assert.Matches(@"Pending</span><span[^>]*data-count>1<", html);
    }

    [Fact]
    public async Task AttachmentsAreStoredAndOnlySignedInStaffCanDownloadThem()
    {
        var number = await CreateTicketAsync();
        var page = await _agent.GetPageAsync($"/tickets/{number}");
        var token = WebUtilityToken().Match(page).Groups[1].Value;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(System.Net.WebUtility.HtmlDecode(token)), "__RequestVerificationToken" },
            { new StringContent((await VersionOfAsync(number)).ToString(System.Globalization.CultureInfo.InvariantCulture)), "Input.Version" },
            { new StringContent("Log attached."), "Input.Body" },
            { new StringContent("Internal"), "Input.Visibility" },
            { new StringContent("New"), "Input.Status" },
            { new StringContent("High"), "Input.Priority" },
            { new StringContent("hardware"), "Input.Tags" },
            { new ByteArrayContent("error at line 7"u8.ToArray()), "files", "printer.log" },
        };
        var posted = await _agent.Client.PostAsync($"/tickets/{number}", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        page = await _agent.GetPageAsync($"/tickets/{number}");
        var link = AttachmentLink().Match(page);
        Assert.True(link.Success);
        var download = await _agent.GetAsync(link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("error at line 7", await download.Content.ReadAsStringAsync());
        Assert.Equal("printer.log", download.Content.Headers.ContentDisposition?.FileName);

        var anonymous = await _app.Session().GetAsync(link.Groups[1].Value);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task CustomersAndOrganizationsCanBeCreatedAndListTheirTickets()
    {
        var org = await _agent.PostFormAsync("/organizations/new", "/organizations/new", [new("Input.Name", "Acme Corp"), new("Input.Domains", "acme.example")]);
        Assert.Equal(HttpStatusCode.Redirect, org.StatusCode);
        var invalid = await _agent.PostFormAsync("/customers/new", "/customers/new", [new("Input.Email", "nope")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);

        var customer = await _agent.PostFormAsync("/customers/new", "/customers/new", [new("Input.Email", "ana@acme.example"), new("Input.Name", "Ana Almeida")]);
        Assert.Equal(HttpStatusCode.Redirect, customer.StatusCode);
        var duplicate = await _agent.PostFormAsync("/customers/new", "/customers/new", [new("Input.Email", "ANA@acme.example"), new("Input.Name", "Someone Else")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Matches("data-valmsg-for=\"Input.Email\"[^>]*>A customer with the address ana@acme.example already exists", await duplicate.Content.ReadAsStringAsync());
        var number = await CreateTicketAsync("Printer jams", "ana@acme.example");

        var customerPage = await _agent.GetPageAsync(customer.Headers.Location!.OriginalString);
        Assert.Contains("Acme Corp", customerPage);
        Assert.Contains($"/tickets/{number}", customerPage);
        var orgPage = await _agent.GetPageAsync(org.Headers.Location!.OriginalString);
        Assert.Contains("Ana Almeida", orgPage);
        Assert.Contains($"/tickets/{number}", orgPage);
        Assert.Contains("Ana Almeida", await _agent.GetPageAsync("/customers?q=almeida"));
    }

    [GeneratedRegex(@"/tickets/(\d+)$")]
    private static partial Regex NumberInLocation();

    [GeneratedRegex(@"href=""/tickets/(\d+)""")]
    private static partial Regex TicketLink();

    [GeneratedRegex(@"href=""(/tickets/\d+/attachments/\d+)""")]
    private static partial Regex AttachmentLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex WebUtilityToken();
}
