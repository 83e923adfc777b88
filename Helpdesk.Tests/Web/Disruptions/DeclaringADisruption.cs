using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>A supervisor declares a disruption: checked, previewed, then declared for all to see.</summary>
public sealed class DeclaringADisruption : DisruptionPages
{
    [Fact]
    public async Task AnEmptyFormShowsFieldErrorsAndDeclaresNothing()
    {
        var invalid = await Supervisor.PostFormAsync("/disruptions", "/disruptions", [new("Input.Title", ""), new("Input.Message", "")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var html = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("Give the disruption a title.", html);
        Assert.Contains("Say whom it touches", html);
        await using var db = App.NewContext();
        Assert.Equal(0, await db.Set<Disruption>().CountAsync());
    }

    [Fact]
    public async Task IsRefusedToAnAgent()
    {
        var refused = await Agent.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "x"), new("Input.Message", "y"), new("Input.Everyone", "true"), new("Input.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task FirstPreviewsWhomItEmailsAndWhichTicketsItLinksAndDoesNothing()
    {
        await OpenTicketAsync("ana@acme.example", "Mail is slow");

        var preview = await DeclareForEveryoneAsync("Email delivery delayed", "Mail to us is delayed by up to an hour.", confirmed: false);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Contains("Declaring emails 1 customer now and links 1 unsolved ticket.", page);
        Assert.Contains("ana@acme.example", page);
        Assert.Contains("Mail is slow", page);
        Assert.Contains("Declare and email 1 customer", page);
        await using var db = App.NewContext();
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Notice));
        Assert.Equal(0, await db.Set<Disruption>().CountAsync());
    }

    [Fact]
    public async Task OnceConfirmedEmailsTheCustomerWithAnUnsolvedTicket()
    {
        await DeclareForAnaAsync();

        Assert.Equal(1, await NoticesToAsync("ana@acme.example"));
    }

    [Fact]
    public async Task ShowsAgentsABannerOnTheQueue()
    {
        await OpenTicketAsync("ana@acme.example", "Mail is slow");

        await DeclareForEveryoneAsync("Email delivery delayed", "Mail to us is delayed by up to an hour.");

        Assert.Contains("Email delivery delayed", await Agent.GetPageAsync("/tickets?assignee=anyone"));
    }

    [Fact]
    public async Task IsShownWithItsMessageOnThePublicStatusPage()
    {
        await OpenTicketAsync("ana@acme.example", "Mail is slow");

        await DeclareForEveryoneAsync("Email delivery delayed", "Mail to us is delayed by up to an hour.");

        var status = await App.Session().GetPageAsync("/status");
        Assert.Contains("Mail to us is delayed by up to an hour.", status);
    }

    [Fact]
    public async Task NamesTheCategoriesAndOrganizationsItTouchesOnItsPage()
    {
        int acme;
        await using (var db = App.NewContext())
        {
            var organization = new Organization("Acme", "acme.example", null, App.Clock.GetUtcNow());
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            acme = organization.Id;
        }

        await OpenTicketAsync("ana@acme.example", "VPN down");
        var declared = await Supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Acme VPN gateway down"), new("Input.Message", "The tunnel is down."), new("Input.OrganizationIds", acme.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Confirmed", "true")]);

        Assert.Contains("touches Acme ·", await Supervisor.GetPageAsync(declared.Headers.Location!.OriginalString));
    }
}
