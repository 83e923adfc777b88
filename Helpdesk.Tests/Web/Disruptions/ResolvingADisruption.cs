using System.Net;
using Helpdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Disruptions;

/// <summary>A supervisor resolves a declared disruption.</summary>
public sealed class ResolvingADisruption : DisruptionPages
{
    [Fact]
    public async Task EmailsTheCustomerOnceMore()
    {
        var url = await DeclareForAnaAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await ResolveAsync(url, "Delivery is back to normal.")).StatusCode);

        Assert.Equal(2, await NoticesToAsync("ana@acme.example"));
        await using var db = App.NewContext();
        Assert.Equal(DisruptionStatus.Resolved, (await db.Set<Disruption>().SingleAsync()).Status);
    }

    [Fact]
    public async Task ClearsTheStatusPageAndTheAgentsBanner()
    {
        var url = await DeclareForAnaAsync();

        await ResolveAsync(url, "Delivery is back to normal.");

        Assert.Contains("All services are running normally.", await App.Session().GetPageAsync("/status"));
        Assert.DoesNotContain("Service disruption:", await Agent.GetPageAsync("/tickets?assignee=anyone"));
    }

    [Fact]
    public async Task CannotBeDoneTwice()
    {
        var url = await DeclareForAnaAsync();
        await ResolveAsync(url, "Delivery is back to normal.");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await ResolveAsync(url, "Again.")).StatusCode);

        Assert.Equal(2, await NoticesToAsync("ana@acme.example"));
    }
}
