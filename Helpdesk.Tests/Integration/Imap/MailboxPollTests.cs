using MailKit;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Infrastructure.Mail.Imap;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Imap;

/// <summary>
/// Customers' mail through the real Dovecot server: delivered with doveadm, read by the poll job, made into
/// tickets and replies on a real database, with the acknowledgements in the outbox.
/// </summary>
public sealed class MailboxPollTests
{
    private static HelpdeskFactory App(Dovecot server, string afterImport = "Seen", string folder = "INBOX") =>
        new(TestDatabase.Sqlite(), ownsDatabase: true, server.MailboxSettings(3, ("Mailboxes:0:Folder", folder), ("Mailboxes:0:AfterImport", afterImport)));

    private static async Task<int> PollAsync(HelpdeskFactory app)
    {
        var job = ActivatorUtilities.CreateInstance<PollMailboxesJob>(app.Services);
        var mailbox = app.Services.GetRequiredService<IReadOnlyList<MailboxOptions>>().Single();
        return await job.PollAsync(mailbox, CancellationToken.None);
    }

    private static string Mail(string from, string subject, string body, string? messageId = null, string extraHeaders = "") =>
        $"From: {from}\r\nTo: Support <support@helpdesk.localhost>\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n" +
        $"Message-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@customer.example>\r\n{extraHeaders}\r\n{body}\r\n";

    [SkippableFact]
    public async Task NewTicketsRepliesByTokenAndReferencesReopeningAutoRepliesBouncesAndAMalformedMessage()
    {
        var server = Dovecot.Require();
        await using var app = App(server);
        var agentId = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);

        // A new request, and a reply to it by the ticket token in the subject.
        await server.SaveAsync(Mail("Ana Lima <ana@acme.example>", "Printer jammed", "It makes a noise.", "a1", "Cc: bo@acme.example\r\n"));
        Assert.Equal(1, await PollAsync(app));
        int number;
        await using (var db = app.NewContext())
        {
            var ticket = await db.Tickets.Include(t => t.Requester).Include(t => t.Messages).SingleAsync();
            number = ticket.Number;
            Assert.Equal("Printer jammed", ticket.Subject);
            Assert.Equal("ana@acme.example", ticket.Requester.Email);
            Assert.Equal("Ana Lima", ticket.Requester.Name);
            Assert.Equal(TicketChannel.Email, ticket.Channel);
            Assert.Equal(["bo@acme.example"], ticket.CcAddresses);
            Assert.Equal("a1@customer.example", ticket.Messages.Single().MessageId);
            var ack = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement);
            Assert.Equal("ana@acme.example", ack.To);
            Assert.Contains($"[#{number}]", ack.Subject);
            Assert.True(ack.Automatic);
        }

        await server.SaveAsync(Mail("ana@acme.example", $"Re: [#{number}] Printer jammed", "Still jammed.", "a2"));
        Assert.Equal(1, await PollAsync(app));

        // The agent answers and solves; the customer answers the agent's email (no token: References only).
        string replyId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            var version = (await scope.ServiceProvider.GetRequiredService<Helpdesk.Core.Ports.IHelpdeskStore>().FindTicketAsync(number))!.Version;
            await tickets.UpdateAsync(number, new TicketUpdateInput { Version = version, Body = "Try turning it off and on.", Status = TicketStatus.Solved, Priority = TicketPriority.Normal }, agentId);
        }

        await using (var db = app.NewContext())
        {
            replyId = (await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Reply)).MessageId;
        }

        await server.SaveAsync(Mail("ana@acme.example", "Re: Printer jammed", "It did not help.", "a3", $"In-Reply-To: {replyId}\r\nReferences: {replyId}\r\n"));

        // An out-of-office with a new subject: a ticket, but no acknowledgement. A stranger's token: a new ticket.
        await server.SaveAsync(Mail("cy@other.example", "Out of office", "Back Monday.", "c1", "Auto-Submitted: auto-replied\r\n"));
        await server.SaveAsync(Mail("eve@evil.example", $"Re: [#{number}] hijack", "Let me in.", "e1"));

        // A bounce of our mail to a customer; then a message without a sender (quarantined) and a good one after it.
        await server.SaveAsync(
            "From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>\r\nTo: support@helpdesk.localhost\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nI'm sorry.\r\n" +
            "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.example\r\n\r\nFinal-Recipient: rfc822; ana@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
            "Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n--r--\r\n");
        await server.SaveAsync("Subject: no sender at all\r\n\r\nWho am I?\r\n");
        await server.SaveAsync(Mail("dee@acme.example", "Monitor flickers", "Since today.", "d1"));

        Assert.Equal(6, await PollAsync(app));
        Assert.Equal(0, await PollAsync(app));

        await using (var db = app.NewContext())
        {
            var ticket = await db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Number == number);
            Assert.Equal(TicketStatus.Open, ticket.Status);
            Assert.Equal(["It makes a noise.", "Still jammed.", "Try turning it off and on.", "It did not help."], ticket.Messages.OrderBy(m => m.Id).Select(m => m.Body));
            Assert.Contains(await db.AuditEntries.Where(a => a.TicketNumber == number && a.Field == "Status").Select(a => a.NewValue).ToListAsync(), v => v == "Open");

            var subjects = await db.Tickets.OrderBy(t => t.Number).Select(t => t.Subject).ToListAsync();
            Assert.Equal(["Printer jammed", "Out of office", $"Re: [#{number}] hijack", "Monitor flickers"], subjects);
            var acks = await db.Outbox.Where(m => m.Kind == OutboxKind.Acknowledgement).Select(m => m.To).ToListAsync();
            Assert.Equal(["ana@acme.example", "eve@evil.example", "dee@acme.example"], acks);

            var bounced = await db.Customers.SingleAsync(c => c.Email == "ana@acme.example");
            Assert.NotNull(bounced.BouncedAt);
            Assert.Contains("5.1.1", bounced.BounceReason);

            var inbound = await db.Inbound.OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(8, inbound.Count);
            Assert.Equal(InboundState.Ignored, inbound[5].State);
            Assert.Equal(InboundState.Quarantined, inbound[6].State);
            Assert.Contains("No usable sender", inbound[6].Outcome);
            Assert.Contains("no acknowledgement: Auto-Submitted: auto-replied", inbound[3].Outcome);
            Assert.Contains("is not on ticket", inbound[4].Outcome);
            Assert.Equal(8, (await db.MailboxStates.SingleAsync()).LastUid);
        }

        // Every message is flagged on the server, and only after it was taken in.
        using var client = await server.InspectAsync();
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.All(await client.Inbox.FetchAsync(0, -1, MailKit.MessageSummaryItems.Flags), s => Assert.True(s.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen)));
    }

    [SkippableFact]
    public async Task TheSameMessageDeliveredTwiceIsTakenInOnceButAReusedMessageIdWithNewContentIsNotLost()
    {
        var server = Dovecot.Require();
        await using var app = App(server, afterImport: "Move");
        var first = Mail("ana@acme.example", "Invoice", "Where is my invoice?", "same");
        await server.SaveAsync(first);
        await server.SaveAsync(first);
        await server.SaveAsync(Mail("ana@acme.example", "Invoice", "A different question under the same Message-ID.", "same"));

        Assert.Equal(3, await PollAsync(app));

        await using (var db = app.NewContext())
        {
            Assert.Equal(2, await db.Tickets.CountAsync());
            Assert.Equal(2, await db.Inbound.CountAsync());
        }

        using var client = await server.InspectAsync();
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.Equal(0, client.Inbox.Count);
        var processed = await client.GetFolderAsync("Processed");
        await processed.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.Equal(3, processed.Count);
    }

    [SkippableFact]
    public async Task ANewUidValidityMeansReadingTheFolderAgainWithoutTakingAnyMessageInTwice()
    {
        var server = Dovecot.Require();
        await server.DoveadmAsync("mailbox", "create", "Support");
        await using var app = App(server, folder: "Support");
        var first = Mail("ana@acme.example", "One", "First.", "v1");
        var second = Mail("bo@acme.example", "Two", "Second.", "v2");
        await server.SaveAsync(first, "Support");
        await server.SaveAsync(second, "Support");
        Assert.Equal(2, await PollAsync(app));
        long validity;
        await using (var db = app.NewContext())
        {
            validity = (await db.MailboxStates.SingleAsync()).UidValidity;
        }

        // The folder is recreated (as a server migration would): new UIDVALIDITY, UIDs from 1 again.
        await server.DoveadmAsync("mailbox", "delete", "Support");
        await server.DoveadmAsync("mailbox", "create", "Support");
        await server.SaveAsync(first, "Support");
        await server.SaveAsync(second, "Support");
        await server.SaveAsync(Mail("cy@acme.example", "Three", "Third.", "v3"), "Support");

        Assert.Equal(3, await PollAsync(app));
        await using var check = app.NewContext();
        var state = await check.MailboxStates.SingleAsync();
        Assert.NotEqual(validity, state.UidValidity);
        Assert.Equal(3, state.LastUid);
        Assert.Equal(["One", "Two", "Three"], await check.Tickets.OrderBy(t => t.Number).Select(t => t.Subject).ToListAsync());
        Assert.Equal(3, await check.Inbound.CountAsync());
    }

    [SkippableFact]
    public async Task AMessageTheServerSaysIsOverTheLimitIsQuarantinedFromItsHeaderAloneAndTheMailboxGoesOn()
    {
        var server = Dovecot.Require();
        await using var app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, server.MailboxSettings(5, ("Intake:MaxMessageMegabytes", "1")));
        await server.SaveAsync(Mail("ana@acme.example", "Scan of the contract", new string('A', 3 * 1024 * 1024), "big"));
        await server.SaveAsync(Mail("bo@acme.example", "Small one", "Hello.", "small"));

        Assert.Equal(2, await PollAsync(app));
        await using var db = app.NewContext();
        var rows = await db.Inbound.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(InboundState.Quarantined, rows[0].State);
        Assert.Equal("Scan of the contract", rows[0].Subject);
        Assert.Equal("ana@acme.example", rows[0].From);
        Assert.True(rows[0].Size > 3 * 1024 * 1024);
        Assert.Contains("It was not read", rows[0].Outcome, StringComparison.Ordinal);

        // Only the header block was fetched and kept.
        var raw = await app.Services.GetRequiredService<RawMailStore>().ReadAsync(rows[0].RawKey);
        Assert.True(raw.Length < 4096, $"{raw.Length} bytes kept");
        Assert.Equal(InboundState.Processed, rows[1].State);
    }
}
