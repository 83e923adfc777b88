using System.Net;
using System.Text;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

public sealed class MailAdminTests : IAsyncLifetime
{
    private readonly HelpdeskFactory _app = new(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
    {
        ["Mailboxes:0:Name"] = "support",
        ["Mailboxes:0:Host"] = "imap.example.invalid",
        ["Mailboxes:0:UserName"] = "support@helpdesk.localhost",
        ["Mailboxes:0:Password"] = "imap-password-never-shown",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<InboundMessage> IngestAsync(string message)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ReceiveAsync("support", null, null, Encoding.UTF8.GetBytes(message), new MailboxDefaults());
    }

    /// <summary>One message taken in as a ticket and one quarantined (no sender), and an admin signed in.</summary>
    private async Task<(InboundMessage Good, InboundMessage Bad, WebSession Admin)> GoodAndQuarantinedAsync()
    {
        await _app.CreateUserAsync("admin@helpdesk.example", "Alex", Roles.All.ToArray());
        var good = await IngestAsync("From: ana@acme.example\r\nSubject: Hello\r\n\r\nHi\r\n");
        var bad = await IngestAsync("Subject: <b>nobody</b>\r\n\r\nWho?\r\n");
        Assert.Equal(InboundState.Processed, good.State);
        Assert.Equal(InboundState.Quarantined, bad.State);
        var admin = _app.Session();
        await admin.LoginAsync("admin@helpdesk.example");
        return (good, bad, admin);
    }

    [Fact]
    public async Task ThePageShowsTheMailboxesWithoutTheirPasswords()
    {
        var (_, _, admin) = await GoodAndQuarantinedAsync();

        var page = await admin.GetPageAsync("/admin/mail");

        Assert.Contains("imap.example.invalid", page);
        Assert.DoesNotContain("imap-password-never-shown", page);
    }

    [Fact]
    public async Task ThePageListsReceivedMailWithItsTicketAndTheQuarantineWithItsReasonEscaped()
    {
        var (good, _, admin) = await GoodAndQuarantinedAsync();

        var page = await admin.GetPageAsync("/admin/mail");

        Assert.Contains($"href=\"/tickets/{good.TicketNumber}\"", page);
        Assert.Contains("No usable sender", page);
        Assert.Contains("&lt;b&gt;nobody&lt;/b&gt;", page);
        Assert.Contains("Quarantine (1)", page);
    }

    [Fact]
    public async Task AQuarantinedMessageDownloadsAsItArrived()
    {
        var (_, bad, admin) = await GoodAndQuarantinedAsync();

        var raw = await admin.GetAsync($"/admin/mail/{bad.Id}/raw");

        Assert.Equal("message/rfc822", raw.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Subject: <b>nobody</b>\r\n\r\nWho?\r\n", await raw.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReprocessingAMessageStillWithoutASenderKeepsItInQuarantine()
    {
        var (_, bad, admin) = await GoodAndQuarantinedAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/mail?state=quarantined", $"/admin/mail/{bad.Id}/reprocess", [])).StatusCode);

        await using var db = _app.NewContext();
        Assert.Equal(InboundState.Quarantined, (await db.Inbound.SingleAsync(m => m.Id == bad.Id)).State);
        Assert.Equal(1, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task DiscardingEndsAQuarantinedMessageWithoutATicket()
    {
        var (_, bad, admin) = await GoodAndQuarantinedAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/mail?state=quarantined", $"/admin/mail/{bad.Id}/discard", [])).StatusCode);

        await using var db = _app.NewContext();
        Assert.Equal(InboundState.Discarded, (await db.Inbound.SingleAsync(m => m.Id == bad.Id)).State);
        Assert.Equal(1, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task AnAgentCanSeeNeitherThePageNorAMessage()
    {
        var (_, bad, _) = await GoodAndQuarantinedAsync();
        await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var agent = _app.Session();
        await agent.LoginAsync("agent@helpdesk.example");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/admin/mail")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/admin/mail/{bad.Id}/raw")).StatusCode);
    }

    [Fact]
    public async Task AnHtmlEmailShowsOnlyItsSafeNewTextWithTheWholeMessageBehindShowAll()
    {
        await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var row = await IngestAsync(
            "From: Ana <ana@acme.example>\r\nSubject: Screen\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n" +
            "--x\r\nContent-Type: text/plain\r\n\r\nIt flickers.\r\n\r\nOn Monday Support wrote:\r\n> Restart it.\r\n" +
            "--x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p onclick=\"steal()\">It <b>flickers</b>.</p><script>alert('x')</script>" +
            "<img src=\"https://tracker.example/open.gif\"><blockquote><p>Restart it.</p></blockquote>\r\n--x--\r\n");
        var agent = _app.Session();
        await agent.LoginAsync("agent@helpdesk.example");

        var page = await agent.GetPageAsync($"/tickets/{row.TicketNumber}");
        Assert.Contains("<div class=\"message-html\"><p>It <b>flickers</b>.</p>[image]</div>", page);
        Assert.Contains("<summary>Show all</summary>", page);
        Assert.Contains("<blockquote><p>Restart it.</p></blockquote>", page);
        Assert.DoesNotContain("alert('x')", page);
        Assert.DoesNotContain("steal()", page);
        Assert.DoesNotContain("tracker.example", page);
    }

    [Fact]
    public async Task AReplyToAClosedTicketOpensALinkedFollowUpAndLeavesTheClosedTicketAlone()
    {
        var agentId = await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        var first = await IngestAsync("From: ana@acme.example\r\nSubject: VPN down\r\nMessage-ID: <v1@acme.example>\r\n\r\nNo VPN.\r\n");
        var number = first.TicketNumber!.Value;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Ports.IHelpdeskStore>();
            var tickets = scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Services.TicketService>();
            foreach (var status in new[] { Helpdesk.Core.Domain.TicketStatus.Solved, Helpdesk.Core.Domain.TicketStatus.Closed })
            {
                var version = (await store.FindTicketAsync(number))!.Version;
                await tickets.UpdateAsync(number, new TicketUpdateInput { Version = version, Status = status, Priority = Helpdesk.Core.Domain.TicketPriority.Normal }, agentId);
            }
        }

        var reply = await IngestAsync($"From: ana@acme.example\r\nSubject: Re: [#{number}] VPN down\r\n\r\nIt is down again.\r\n");
        Assert.NotEqual(number, reply.TicketNumber);
        Assert.Contains($"of closed ticket #{number}", reply.Outcome);
        await using var db = _app.NewContext();
        var followUp = await db.Tickets.SingleAsync(t => t.Number == reply.TicketNumber);
        Assert.Equal(number, followUp.FollowUpOf);
        Assert.Equal(Helpdesk.Core.Domain.TicketStatus.Closed, (await db.Tickets.SingleAsync(t => t.Number == number)).Status);
    }

    [Fact]
    public async Task AnEmailsOwnInlineImageShowsInItsMessageAndNothingElseIsServedInline()
    {
        await _app.CreateUserAsync("agent@helpdesk.example", "Avery", Roles.Agent);
        const string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
        var row = await IngestAsync(
            "From: ana@acme.example\r\nSubject: Screenshot\r\nContent-Type: multipart/related; boundary=r\r\n\r\n" +
            "--r\r\nContent-Type: text/html\r\n\r\n<p>See <img src=\"cid:shot1@acme\" alt=\"the error\"> and <img src=\"cid:missing@acme\"></p>\r\n" +
            $"--r\r\nContent-Type: image/png; name=shot.png\r\nContent-ID: <shot1@acme>\r\nContent-Transfer-Encoding: base64\r\n\r\n{png}\r\n" +
            "--r\r\nContent-Type: image/svg+xml; name=evil.svg\r\nContent-ID: <svg1@acme>\r\n\r\n<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\r\n--r--\r\n");
        var agent = _app.Session();
        await agent.LoginAsync("agent@helpdesk.example");
        long shot;
        long svg;
        await using (var db = _app.NewContext())
        {
            shot = await db.Attachments.Where(a => a.FileName == "shot.png").Select(a => a.Id).SingleAsync();
            svg = await db.Attachments.Where(a => a.FileName == "evil.svg").Select(a => a.Id).SingleAsync();

            // An HTML-only message gets its text from the HTML (search, previews and the plain conversation read it).
            var body = await db.Messages.Where(m => m.TicketNumber == row.TicketNumber).Select(m => m.Body).SingleAsync();
            Assert.StartsWith("See ", body);
            Assert.DoesNotContain("<", body);
        }

        var page = await agent.GetPageAsync($"/tickets/{row.TicketNumber}");
        Assert.Contains($"<img src=\"/tickets/{row.TicketNumber}/attachments/{shot}/inline\" alt=\"the error\" class=\"inline-image\">", page);
        Assert.Contains("[image]", page);

        var image = await agent.GetAsync($"/tickets/{row.TicketNumber}/attachments/{shot}/inline");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/tickets/{row.TicketNumber}/attachments/{svg}/inline")).StatusCode);
        Assert.Equal("application/octet-stream", (await agent.GetAsync($"/tickets/{row.TicketNumber}/attachments/{svg}")).Content.Headers.ContentType!.MediaType);

        var anonymous = _app.Session();
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/tickets/{row.TicketNumber}/attachments/{shot}/inline")).StatusCode);
    }
}
