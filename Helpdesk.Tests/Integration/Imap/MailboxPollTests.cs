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
