using System.Text;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web;

/// <summary>The intake's threading and loop rules on a real database, one raw message at a time.</summary>
public sealed class IntakeRulesTests : IAsyncLifetime
{
    private HelpdeskFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = Create();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static HelpdeskFactory Create(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["Mailboxes:0:Name"] = "support",
            ["Mailboxes:0:Host"] = "imap.example.invalid",
            ["Mailboxes:0:Address"] = "help@helpdesk.localhost",
            ["Mailboxes:0:UserName"] = "help@helpdesk.localhost",
            ["Mailboxes:0:Password"] = "imap-password",
            ["Intake:AcknowledgementsPerHour"] = "2",
            ["Intake:MaxAttachmentMegabytes"] = "0.001",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, settings);
    }

    private static async Task<InboundMessage> IngestAsync(HelpdeskFactory app, string message)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>()
            .ReceiveAsync("support", null, null, Encoding.UTF8.GetBytes(message), new MailboxDefaults());
    }

    private Task<InboundMessage> IngestAsync(string message) => IngestAsync(_app, message);

    [Fact]
    public async Task APlusAddressOrTheReferenceMarkerInQuotedTextThreadsAReply()
    {
        var first = await IngestAsync("From: ana@acme.example\r\nTo: help@helpdesk.localhost\r\nSubject: Laptop\r\n\r\nIt is slow.\r\n");
        var number = first.TicketNumber!.Value;

        var plus = await IngestAsync($"From: ana@acme.example\r\nTo: help+{number}@helpdesk.localhost\r\nSubject: another subject\r\n\r\nStill slow.\r\n");
        Assert.Equal(number, plus.TicketNumber);
        Assert.Contains("plus-address", plus.Outcome);

        // A provider rewrote the Message-IDs and the subject lost its token; the marker in the quoted text remains.
        var marker = await IngestAsync(
            $"From: ana@acme.example\r\nTo: help@helpdesk.localhost\r\nSubject: RE: Laptop\r\n\r\nThanks!\r\n\r\n> we have received your request\r\n> {MailIntakeService.Marker(number)}\r\n");
        Assert.Equal(number, marker.TicketNumber);
        Assert.Contains("reference marker", marker.Outcome);

        await using var db = _app.NewContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(3, await db.Messages.CountAsync(m => m.TicketNumber == number));

        // The plus-address is not recorded as a Cc of the ticket, nor is our own address.
        Assert.Empty((await db.Tickets.Include(t => t.Cc).SingleAsync()).Cc);
    }

    [Fact]
    public async Task FromIsTheRequesterAndMailFromOurOwnAddressOpensNothing()
    {
        // Reply-To is where answers go, not who wrote: the requester is the From address.
        var viaForm = await IngestAsync("From: Forms <forms@acme.example>\r\nReply-To: Bo Berg <bo@acme.example>\r\nSubject: Web form\r\n\r\nCall me.\r\n");
        await using (var db = _app.NewContext())
        {
            var ticket = await db.Tickets.Include(t => t.Requester).SingleAsync(t => t.Number == viaForm.TicketNumber);
            Assert.Equal("forms@acme.example", ticket.Requester.Email);
            Assert.Equal("Forms", ticket.Requester.Name);
        }

        var own = await IngestAsync("From: Helpdesk <help@helpdesk.localhost>\r\nSubject: [#1] loop?\r\n\r\nEcho.\r\n");
        Assert.Equal(InboundState.Ignored, own.State);
        Assert.Contains("our own address", own.Outcome);
        var sent = await IngestAsync("From: support@helpdesk.localhost\r\nSubject: hello\r\n\r\nEcho.\r\n");
        Assert.Equal(InboundState.Ignored, sent.State);
    }

    [Fact]
    public async Task AStrangerWhoNamesACustomerInReplyToCannotSpeakOnTheirTicket()
    {
        var first = await IngestAsync("From: Ana Lima <ana@acme.example>\r\nSubject: Access\r\n\r\nNeed access.\r\n");
        var number = first.TicketNumber!.Value;

        // Mallory writes as herself, asks for answers at Ana's address, copies a friend and names the ticket.
        var forged = await IngestAsync(
            $"From: mallory@evil.example\r\nReply-To: ana@acme.example\r\nCc: friend@evil.example\r\nSubject: Re: [#{number}] Access\r\n\r\nPlease send the password here.\r\n");
        Assert.NotEqual(number, forged.TicketNumber);
        Assert.Contains("mallory@evil.example is not on ticket", forged.Outcome);

        await using var db = _app.NewContext();
        var ticket = await db.Tickets.Include(t => t.Messages).Include(t => t.Cc).SingleAsync(t => t.Number == number);
        Assert.Single(ticket.Messages);
        Assert.Empty(ticket.Cc);
        var other = await db.Tickets.Include(t => t.Requester).SingleAsync(t => t.Number == forged.TicketNumber);
        Assert.Equal("mallory@evil.example", other.Requester.Email);
    }

    [Fact]
    public async Task AMessageWhoseProcessingKeptTakingTheProcessDownOrRanPastItsBudgetIsQuarantined()
    {
        var message = "From: ana@acme.example\r\nSubject: Crash\r\nMessage-ID: <crash@acme.example>\r\n\r\nBoom.\r\n";
        var row = await IngestAsync(message);
        Assert.Equal(InboundState.Processed, row.State);

        // As if the process had died three times while reading it: the row is still "received", tried three times.
        await using (var db = _app.NewContext())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE \"InboundMessages\" SET \"State\" = {0}, \"Attempts\" = 3, \"TicketNumber\" = NULL", (int)InboundState.Received);
        }

        var again = await IngestAsync(message);
        Assert.Equal(InboundState.Quarantined, again.State);
        Assert.Contains("Processing began 3 times and never ended", again.Outcome);

        // A budget of nothing: reading a megabyte of HTML cannot end in it, so the message is quarantined and kept.
        await using var hurried = Create(("Intake:ProcessingBudgetSeconds", "0"));
        var html = string.Concat(Enumerable.Repeat("<p>Lorem <b>ipsum</b> dolor.</p>", 40_000));
        var slow = await IngestAsync(hurried, $"From: ana@acme.example\r\nSubject: Long\r\nContent-Type: text/html\r\n\r\n{html}\r\n");
        Assert.Equal(InboundState.Quarantined, slow.State);
        Assert.Contains("Reading the message took longer than 0 s", slow.Outcome);
    }

    [Fact]
    public async Task ASenderWhoWritesTooOftenStopsGettingAcknowledgementsAndListMailNeverGetsOne()
    {
        for (var i = 0; i < 4; i++)
        {
            await IngestAsync($"From: busy@acme.example\r\nSubject: Request {i}\r\n\r\nOne more thing.\r\n");
        }

        await IngestAsync("From: news@lists.example\r\nList-Id: <news.lists.example>\r\nSubject: Weekly news\r\n\r\nNews.\r\n");
        await IngestAsync("From: x@acme.example\r\nPrecedence: bulk\r\nSubject: Offer\r\n\r\nBuy.\r\n");
        await IngestAsync("From: y@acme.example\r\nReturn-Path: <>\r\nSubject: Notice\r\n\r\nFYI.\r\n");

        await using var db = _app.NewContext();
        Assert.Equal(7, await db.Tickets.CountAsync());
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Acknowledgement && m.To == "busy@acme.example"));
        Assert.Equal(2, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Acknowledgement));
        var outcomes = await db.Inbound.OrderBy(m => m.Id).Select(m => m.Outcome!).ToListAsync();
        Assert.Contains("messages from this sender in the last hour", outcomes[3]);
        Assert.Contains("mailing list (list-id)", outcomes[4]);
        Assert.Contains("Precedence: bulk", outcomes[5]);
        Assert.Contains("empty Return-Path", outcomes[6]);
    }

    [Fact]
    public async Task AnAttachmentOverTheLimitIsLeftOutWithANoteAndTheRestIsKept()
    {
        var big = Convert.ToBase64String(new byte[4096]);
        var row = await IngestAsync(
            "From: ana@acme.example\r\nSubject: Files\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nTwo files.\r\n" +
            "--b\r\nContent-Type: text/plain; name=small.txt\r\nContent-Disposition: attachment; filename=small.txt\r\n\r\ntiny\r\n" +
            $"--b\r\nContent-Type: application/octet-stream; name=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n{big}\r\n--b--\r\n");
        await using var db = _app.NewContext();
        var message = await db.Messages.Include(m => m.Attachments).SingleAsync(m => m.TicketNumber == row.TicketNumber);
        Assert.Equal(["small.txt"], message.Attachments.Select(a => a.FileName));
        Assert.Contains("Not kept, over the limits: big.bin (0.0 MB). The whole message is kept as received.", message.Body);
    }

    [Fact]
    public async Task AttachmentNamesLoseTheirBidiControlsWhenStoredAndWhenShown()
    {
        await _app.CreateUserAsync("avery@helpdesk.example", "Avery", Helpdesk.Core.Validation.Roles.Agent);
        var row = await IngestAsync(
            "From: ana@acme.example\r\nSubject: Report\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the report.\r\n" +
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-8''report%E2%80%AEfdp.exe\r\n\r\nMZ\r\n--b--\r\n");
        await using var db = _app.NewContext();
        var attachment = await db.Attachments.SingleAsync();
        Assert.Equal("reportfdp.exe", attachment.FileName);

        // A name stored before names were cleaned is shown and downloaded without its controls.
        await db.Database.ExecuteSqlRawAsync("UPDATE \"Attachments\" SET \"FileName\" = {0}", "invoice\u2067\u202Etxt.exe\u2069");
        var agent = _app.Session();
        await agent.LoginAsync("avery@helpdesk.example");
        var page = await agent.GetPageAsync($"/tickets/{row.TicketNumber}");
        Assert.Contains(">invoicetxt.exe</a>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page, StringComparison.Ordinal);
        var download = await agent.GetAsync($"/tickets/{row.TicketNumber}/attachments/{attachment.Id}");
        Assert.Equal("invoicetxt.exe", download.Content.Headers.ContentDisposition!.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName);
    }

    [Fact]
    public async Task AStrangersTokenOpensANewTicketOrWhenConfiguredAddsTheStrangerAsAFollower()
    {
        var first = await IngestAsync("From: ana@acme.example\r\nSubject: Access\r\n\r\nNeed access.\r\n");
        var stranger = await IngestAsync($"From: eve@evil.example\r\nSubject: Re: [#{first.TicketNumber}] Access\r\n\r\nMe too.\r\n");
        Assert.NotEqual(first.TicketNumber, stranger.TicketNumber);

        await using var follower = Create(("Intake:UnknownSender", "AddAsFollower"));
        var own = await IngestAsync(follower, "From: ana@acme.example\r\nSubject: Access\r\n\r\nNeed access.\r\n");
        var colleague = await IngestAsync(follower, $"From: cy@acme.example\r\nSubject: Re: [#{own.TicketNumber}] Access\r\n\r\nFor me as well.\r\n");
        Assert.Equal(own.TicketNumber, colleague.TicketNumber);
        Assert.Contains("sender added to the ticket", colleague.Outcome);
        await using var db = follower.NewContext();
        Assert.Equal(["cy@acme.example"], (await db.Tickets.Include(t => t.Cc).SingleAsync()).CcAddresses);
    }
}
