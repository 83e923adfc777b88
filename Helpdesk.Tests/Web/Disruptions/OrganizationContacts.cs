using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>A contact of an organization who asked for notices gets those of a disruption declared for it.</summary>
public sealed class OrganizationContacts : DisruptionPages
{
    [Fact]
    public async Task AnOrganizationContactWhoOptedInGetsTheNoticesOfItsOrganizationWithoutAnOpenTicket()
    {
        var supervisor = Supervisor;
        int organization;
        int contact;
        await using (var db = App.NewContext())
        {
            var acme = new Organization("Acme", "acme.example", null, App.Clock.GetUtcNow());
            db.Organizations.Add(acme);
            await db.SaveChangesAsync();
            var it = new Customer(new EmailAddress("it@acme.example"), "Acme IT", acme, App.Clock.GetUtcNow());
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
        await using var check = App.NewContext();
        Assert.Equal(["it@acme.example"], await check.Outbox.Where(m => m.Kind == OutboxKind.Notice).Select(m => m.To).ToListAsync());
    }
}
