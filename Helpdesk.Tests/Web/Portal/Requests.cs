using System.Net;
using System.Net.Http.Headers;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Portal;

/// <summary>What a signed-in customer does with their requests: read the SLA, reply, solve, reopen, open one, rate.</summary>
public sealed class Requests : PortalPages
{
    private async Task<Ticket> TicketAsync(int number)
    {
        await using var db = App.NewContext();
        return await db.Tickets.Include(t => t.Messages).ThenInclude(m => m.Attachments).SingleAsync(t => t.Number == number);
    }

    [Fact]
    public async Task TheRequestShowsItsFirstReplyPromiseInTheCustomersZone()
    {
        // The standard policy runs around the clock: a Normal ticket's first reply within 1 h (Build.Policy's targets).
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        await using (var db = App.NewContext())
        {
            (await db.Customers.SingleAsync(c => c.Email == "ana@acme.example")).SetTimeZone("Europe/Lisbon");
            await db.SaveChangesAsync();
        }

        var page = await (await SignedInAsync("ana@acme.example")).GetPageAsync($"/portal/tickets/{number}");

        await using var check = App.NewContext();
        var due = (await check.Set<Helpdesk.Core.Sla.SlaClock>().SingleAsync(c => c.TicketNumber == number && c.Metric == Helpdesk.Core.Sla.SlaMetric.FirstResponse)).DueAt!.Value;
        Assert.Contains($"First reply due by {TimeZones.Spoken(due, TimeZoneInfo.FindSystemTimeZoneById("Europe/Lisbon"), App.Clock.GetUtcNow())}", System.Net.WebUtility.HtmlDecode(page));
    }

    [Fact]
    public async Task AnAnsweredRequestSaysHowLongTheFirstReplyTookAgainstItsTarget()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        App.Clock.Advance(TimeSpan.FromMinutes(42));
        await AgentUpdatesAsync(number, "Try the other tray.", MessageVisibility.Public);

        var page = await (await SignedInAsync("ana@acme.example")).GetPageAsync($"/portal/tickets/{number}");

        Assert.Matches("Answered in 42 min, target [0-9]+ (min|h)\\.", page);
    }

    [Fact]
    public async Task AReplyWithAFileIsAddedToTheConversation()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        var ana = await SignedInAsync("ana@acme.example");
        var form = await PageAsync(ana, $"/portal/tickets/{number}");
        using var content = new MultipartFormDataContent
        {
            { new StringContent("Here is the error log."), "Reply.Body" },
            { new StringContent(System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent("E42 paper jam"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        content.Add(file, "files", "error.log");

        var sent = await ana.Client.PostAsync($"/portal/tickets/{number}/reply", content);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var message = (await TicketAsync(number)).Messages.Last();
        Assert.Equal(("Here is the error log.", ActorKind.Customer), (message.Body, message.AuthorKind));
        Assert.Equal("error.log", Assert.Single(message.Attachments).FileName);
        Assert.Contains("error.log", await PageAsync(ana, $"/portal/tickets/{number}"));
    }

    [Fact]
    public async Task AnEmptyReplyIsAFieldError()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        var ana = await SignedInAsync("ana@acme.example");

        var empty = await ana.PostFormAsync($"/portal/tickets/{number}", $"/portal/tickets/{number}/reply", [new("Reply.Body", " ")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Write your reply or attach a file.", await empty.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AReplyToARequestAwaitingTheCustomerReopensIt()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        await AgentUpdatesAsync(number, "Which model is it?", MessageVisibility.Public, TicketStatus.Pending);
        var ana = await SignedInAsync("ana@acme.example");
        Assert.Contains("Awaiting your reply", await PageAsync(ana, $"/portal/tickets/{number}"));

        await ana.PostFormAsync($"/portal/tickets/{number}", $"/portal/tickets/{number}/reply", [new("Reply.Body", "An X200.")]);

        Assert.Equal(TicketStatus.Open, (await TicketAsync(number)).Status);
    }

    [Fact]
    public async Task TheCustomerSolvesTheirRequestAndReopensIt()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        var ana = await SignedInAsync("ana@acme.example");

        await ana.PostFormAsync($"/portal/tickets/{number}", $"/portal/tickets/{number}/solve", []);
        Assert.Equal(TicketStatus.Solved, (await TicketAsync(number)).Status);

        await ana.PostFormAsync($"/portal/tickets/{number}", $"/portal/tickets/{number}/reopen", []);
        Assert.Equal(TicketStatus.Open, (await TicketAsync(number)).Status);
    }

    [Fact]
    public async Task TheCustomerRatesTheirSolvedRequestOnce()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        await AgentUpdatesAsync(number, "Fixed.", MessageVisibility.Public, TicketStatus.Solved);
        var ana = await SignedInAsync("ana@acme.example");
        Assert.Contains("How did we do?", await PageAsync(ana, $"/portal/tickets/{number}"));

        await ana.PostFormAsync($"/portal/tickets/{number}", $"/portal/tickets/{number}/rate", [new("rating", "Good"), new("comment", "Quick, thanks")]);

        var page = await PageAsync(ana, $"/portal/tickets/{number}");
        Assert.Contains("You rated this request <strong>good</strong>", page);
        Assert.Equal(SatisfactionRating.Good, (await TicketAsync(number)).Satisfaction);
    }

    [Fact]
    public async Task ANewRequestFromTheFormIsAWebTicketAcknowledgedWithItsPromise()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        var ana = await SignedInAsync("ana@acme.example");

        var created = await ana.PostFormAsync("/portal/tickets/new", "/portal/tickets/new",
            [new("Input.Subject", "VPN drops"), new("Input.Description", "Every hour since Monday.")]);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var number = int.Parse(created.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var ticket = await TicketAsync(number);
        Assert.Equal((TicketChannel.Web, "VPN drops"), (ticket.Channel, ticket.Subject));
        await using var db = App.NewContext();
        var acknowledgement = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement && m.TicketNumber == number);
        Assert.Equal("ana@acme.example", acknowledgement.To);
        Assert.Contains("You will hear from us by", acknowledgement.Body);
    }

    [Fact]
    public async Task ANewRequestWithoutASubjectOrDescriptionShowsFieldErrorsAndKeepsTheText()
    {
        await OpenForAsync("ana@acme.example", "Printer jams");
        var ana = await SignedInAsync("ana@acme.example");

        var invalid = await ana.PostFormAsync("/portal/tickets/new", "/portal/tickets/new", [new("Input.Subject", ""), new("Input.Description", "Kept text")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var page = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Give your request a short subject.", page);
        Assert.Contains("Kept text", page);
    }

    [Fact]
    public async Task AClosedRequestTakesNoReplyAndPointsToANewOne()
    {
        var number = await OpenForAsync("ana@acme.example", "Printer jams");
        await AgentUpdatesAsync(number, "Fixed.", MessageVisibility.Public, TicketStatus.Solved);
        await AgentUpdatesAsync(number, null, MessageVisibility.Public, TicketStatus.Closed);
        var ana = await SignedInAsync("ana@acme.example");

        var page = await PageAsync(ana, $"/portal/tickets/{number}");
        var refused = await ana.PostFormAsync($"/portal/tickets/{number}", $"/portal/tickets/{number}/reply", [new("Reply.Body", "Again")]);

        Assert.Contains("This request is closed.", page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.DoesNotContain((await TicketAsync(number)).Messages, m => m.Body == "Again");
    }
}
