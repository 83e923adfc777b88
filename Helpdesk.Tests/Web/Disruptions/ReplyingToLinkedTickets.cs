using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>
/// The tickets a disruption gathers (opened before its declaration, and while it is active) and the one reply a
/// supervisor sends to all of them once it is resolved.
/// </summary>
public sealed class ReplyingToLinkedTickets : DisruptionPages
{
    /// <summary>One ticket before the declaration and two during it: the disruption's page URL.</summary>
    private async Task<string> ThreeLinkedTicketsAsync()
    {
        await OpenTicketAsync("ana@acme.example", "Before the outage");
        var declared = await DeclareForEveryoneAsync("Email delivery delayed", "Mail is delayed.");
        await OpenTicketAsync("bo@acme.example", "Where is my mail");
        await OpenTicketAsync("cy@acme.example", "Mail missing");
        return declared.Headers.Location!.OriginalString;
    }

    private async Task<HttpResponseMessage> ReplyToAllAsync(WebSession who, string url, string message) =>
        await who.PostFormAsync(url, $"{url}/follow-up", [new("FollowUp.Message", message), new("FollowUp.Solve", "true")]);

    [Fact]
    public async Task TheDisruptionsPageListsTicketsFromBeforeAndDuringIt()
    {
        var url = await ThreeLinkedTicketsAsync();

        var page = await Supervisor.GetPageAsync(url);

        Assert.Contains("Before the outage", page);
        Assert.Contains("Where is my mail", page);
        Assert.Contains("Mail missing", page);
    }

    [Fact]
    public async Task IsOfferedOnlyOnceTheDisruptionIsResolved()
    {
        var url = await ThreeLinkedTicketsAsync();
        Assert.DoesNotContain("/follow-up", await Supervisor.GetPageAsync(url));

        await ResolveAsync(url, "Delivery is back to normal.");

        Assert.Contains("Reply to all 3 unsolved linked tickets", await Supervisor.GetPageAsync(url));
    }

    [Fact]
    public async Task IsNeitherOfferedNorAllowedToAnAgent()
    {
        var url = await ThreeLinkedTicketsAsync();
        await ResolveAsync(url, "Delivery is back to normal.");

        Assert.DoesNotContain("Reply to all", await Agent.GetPageAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, (await ReplyToAllAsync(Agent, url, "Fixed.")).StatusCode);
    }

    [Fact]
    public async Task WithoutAMessageIsAFieldError()
    {
        var url = await ThreeLinkedTicketsAsync();
        await ResolveAsync(url, "Delivery is back to normal.");

        var empty = await ReplyToAllAsync(Supervisor, url, "");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Write the reply the customers will get.", await empty.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EmailsEachCustomerAndSolvesEachTicketOnce()
    {
        var url = await ThreeLinkedTicketsAsync();
        await ResolveAsync(url, "Delivery is back to normal.");

        Assert.Equal(HttpStatusCode.Redirect, (await ReplyToAllAsync(Supervisor, url, "All mail has been delivered.")).StatusCode);

        var page = await Supervisor.GetPageAsync(url);
        Assert.Contains("replied to 3 linked tickets and solved them", page);
        Assert.DoesNotContain("Reply to all", page);
        await using var db = App.NewContext();
        var linked = await db.Tickets.Where(t => t.DisruptionId != null).ToListAsync();
        Assert.Equal(3, linked.Count);
        Assert.All(linked, t => Assert.Equal(TicketStatus.Solved, t.Status));
        Assert.Equal(3, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Reply && m.Body.Contains("All mail has been delivered.")));
    }
}
