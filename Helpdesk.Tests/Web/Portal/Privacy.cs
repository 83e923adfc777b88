using System.Net;
using Helpdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Web.Portal;

/// <summary>What a signed-in customer can never see: other customers' requests and files, and our internal notes.</summary>
public sealed class Privacy : PortalPages
{
    private int _anas;
    private int _bos;
    private int _cys;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using (var db = App.NewContext())
        {
            db.Organizations.Add(new Organization("Acme", "acme.example", null, App.Clock.GetUtcNow()));
            db.Organizations.Add(new Organization("Globex", "globex.example", null, App.Clock.GetUtcNow()));
            await db.SaveChangesAsync();
        }

        _anas = await OpenForAsync("ana@acme.example", "Ana's printer");
        _bos = await OpenForAsync("bo@acme.example", "Bo's laptop", "Bo's secret details");
        _cys = await OpenForAsync("cy@globex.example", "Cy's invoice");
        await AgentUpdatesAsync(_bos, "Here is the fix.", MessageVisibility.Public, files: [await App.StoreFileAsync("fix.txt", "the fix")]);
    }

    private async Task ShareAsync(string organization)
    {
        await using var db = App.NewContext();
        (await db.Organizations.SingleAsync(o => o.Name == organization)).ShareTickets(true);
        await db.SaveChangesAsync();
    }

    private async Task<long> AttachmentOfAsync(int number)
    {
        await using var db = App.NewContext();
        return await db.Attachments.Where(a => a.Message.TicketNumber == number).Select(a => a.Id).FirstAsync();
    }

    [Fact]
    public async Task AnotherCustomersRequestIsNotFoundByItsNumber()
    {
        var ana = await SignedInAsync("ana@acme.example");

        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_bos}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_cys}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync("/portal/tickets/999999")).StatusCode);
        Assert.DoesNotContain("Bo's laptop", await PageAsync(ana, "/portal"));
    }

    [Fact]
    public async Task AnotherCustomersRequestCannotBeChangedByPosting()
    {
        var ana = await SignedInAsync("ana@acme.example");

        var reply = await ana.PostFormAsync($"/portal/tickets/{_anas}", $"/portal/tickets/{_bos}/reply", [new("Reply.Body", "Mine now")]);
        var solve = await ana.PostFormAsync($"/portal/tickets/{_anas}", $"/portal/tickets/{_bos}/solve", []);

        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, solve.StatusCode);
        await using var db = App.NewContext();
        var bos = await db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Number == _bos);
        Assert.DoesNotContain(bos.Messages, m => m.Body == "Mine now");
        Assert.NotEqual(TicketStatus.Solved, bos.Status);
    }

    [Fact]
    public async Task AnotherCustomersFileIsNotFoundByItsId()
    {
        var ana = await SignedInAsync("ana@acme.example");
        var file = await AttachmentOfAsync(_bos);

        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_bos}/attachments/{file}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_anas}/attachments/{file}")).StatusCode);
    }

    [Fact]
    public async Task AnOrganizationThatSharesShowsItsPeoplesRequestsToEachOther()
    {
        await ShareAsync("Acme");
        var ana = await SignedInAsync("ana@acme.example");

        Assert.Contains("Bo's laptop", await PageAsync(ana, "/portal"));
        Assert.Contains("Bo's secret details", await PageAsync(ana, $"/portal/tickets/{_bos}"));
        Assert.Equal(HttpStatusCode.OK, (await ana.GetAsync($"/portal/tickets/{_bos}/attachments/{await AttachmentOfAsync(_bos)}")).StatusCode);
    }

    [Fact]
    public async Task SharingNeverReachesAnOrganizationTheCustomerIsNotIn()
    {
        await ShareAsync("Acme");
        await ShareAsync("Globex");
        var ana = await SignedInAsync("ana@acme.example");

        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_cys}")).StatusCode);
        Assert.DoesNotContain("Cy's invoice", await PageAsync(ana, "/portal"));
    }

    [Fact]
    public async Task InternalNotesAndTheirFilesNeverAppear()
    {
        await AgentUpdatesAsync(_anas, "Internal: customer is on the old firmware", MessageVisibility.Internal, files: [await App.StoreFileAsync("notes.txt", "internal")]);
        await AgentUpdatesAsync(_anas, "We are looking into it.", MessageVisibility.Public);
        var ana = await SignedInAsync("ana@acme.example");

        var page = await PageAsync(ana, $"/portal/tickets/{_anas}");

        Assert.Contains("We are looking into it.", page);
        Assert.DoesNotContain("old firmware", page);
        Assert.DoesNotContain("notes.txt", page);
        Assert.Equal(HttpStatusCode.NotFound, (await ana.GetAsync($"/portal/tickets/{_anas}/attachments/{await AttachmentOfAsync(_anas)}")).StatusCode);
    }

    [Fact]
    public async Task WhatACustomerTypedIsShownEscaped()
    {
        var ana = await SignedInAsync("ana@acme.example");

        await ana.PostFormAsync($"/portal/tickets/{_anas}", $"/portal/tickets/{_anas}/reply", [new("Reply.Body", "<script>alert(1)</script>")]);

        var page = await ana.GetPageAsync($"/portal/tickets/{_anas}");
        Assert.DoesNotContain("<script>alert(1)</script>", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
    }
}
