using System.Net;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>The public status page: disruptions declared for everyone, never those scoped to some customers.</summary>
public sealed class StatusPage : DisruptionPages
{
    [Fact]
    public async Task TheStatusPageShowsOnlyDisruptionsDeclaredForEveryone()
    {
        int acme;
        await using (var db = App.NewContext())
        {
            var organization = new Organization("Acme", "acme.example", null, App.Clock.GetUtcNow());
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
            acme = organization.Id;
        }

        var supervisor = Supervisor;
        await supervisor.PostFormAsync("/tickets/new", "/tickets/new",
        [
            new("Input.RequesterEmail", "ana@acme.example"), new("Input.Subject", "VPN down"),
            new("Input.Description", "No tunnel"), new("Input.Priority", "Normal"), new("Input.Channel", "Phone"),
        ]);
        var scoped = await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Acme VPN gateway down"), new("Input.Message", "The Acme site-to-site tunnel is down."), new("Input.OrganizationIds", acme.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Input.Confirmed", "true")]);
        Assert.True(scoped.StatusCode == HttpStatusCode.Redirect, await scoped.Content.ReadAsStringAsync());

        var status = await App.Session().GetPageAsync("/status");
        Assert.DoesNotContain("Acme", status);
        Assert.Contains("All services are running normally.", status);

        Assert.Equal(HttpStatusCode.Redirect, (await supervisor.PostFormAsync("/disruptions", "/disruptions",
            [new("Input.Title", "Email delivery delayed"), new("Input.Message", "Mail to us is delayed."), new("Input.Everyone", "true"), new("Input.Confirmed", "true")])).StatusCode);
        status = await App.Session().GetPageAsync("/status");
        Assert.Contains("Email delivery delayed", status);
        Assert.DoesNotContain("Acme", status);
        Assert.Contains("Acme VPN gateway down", await supervisor.GetPageAsync("/disruptions"));
    }
}
