using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>An agent links a ticket to the active disruption from the ticket page, and unlinks it.</summary>
public sealed class LinkingTickets : DisruptionPages
{
    [Fact]
    public async Task AnAgentLinksAnEarlierTicketToTheActiveDisruptionAndUnlinksIt()
    {
        var agent = Supervisor;
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
        await using var db = App.NewContext();
        var ticket = await db.Tickets.Include(t => t.AuditTrail).SingleAsync();
        Assert.Null(ticket.DisruptionId);
        Assert.Equal(4, ticket.AuditTrail.Count(a => a.Field == "Disruption"));
    }
}
