using System.Diagnostics;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Helpdesk.Tests.Integration.Imap;

/// <summary>New mail through IMAP IDLE on the real Dovecot server: the app keeps a connection open and takes a message in
/// when the server tells of it, long before the next poll (set to an hour here).</summary>
public sealed class MailboxIdleTests(ITestOutputHelper output)
{
    private static string Mail(string from, string subject) =>
        $"From: {from}\r\nTo: support@helpdesk.localhost\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\nMessage-ID: <{Guid.NewGuid():N}@customer.example>\r\n\r\nHello.\r\n";

    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> done, TimeSpan limit, Func<string> explain)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(watch.Elapsed < limit, explain());
            await Task.Delay(50);
        }

        return watch.Elapsed;
    }

    /// <summary>An app with its job server and mailbox watcher started, once the watcher has read the (empty) mailbox and waits in IDLE.</summary>
    private static async Task<HelpdeskFactory> IdlingAppAsync(Dovecot server)
    {
        var app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, server.MailboxSettings(10,
            ("Jobs:Enabled", "true"), ("Jobs:MailboxSeconds", "3600"), ("Jobs:SweepSeconds", "3600"), ("Jobs:OutboxSeconds", "3600")));
        _ = app.Services; // starts the app, its job server and the mailbox watcher
        await UntilAsync(async () =>
        {
            await using var db = app.NewContext();
            return await db.MailboxStates.AnyAsync(s => s.LastPollAt != null);
        }, TimeSpan.FromSeconds(60), () => "The mailbox watcher never read the mailbox.");
        return app;
    }

    private static async Task<List<string>> SubjectsAsync(HelpdeskFactory app)
    {
        await using var db = app.NewContext();
        return await db.Tickets.OrderBy(t => t.Number).Select(t => t.Subject).ToListAsync();
    }

    [SkippableFact]
    public async Task AMessageDeliveredWhileTheAppIdlesBecomesATicketWithinSeconds()
    {
        var server = Dovecot.Require();
        await using var app = await IdlingAppAsync(server);

        await server.SaveAsync(Mail("ana@acme.example", "Printer jammed"));

        var took = await UntilAsync(async () => (await SubjectsAsync(app)).Count == 1, TimeSpan.FromSeconds(30), () => "The message delivered during IDLE did not become a ticket within 30 s.");
        output.WriteLine($"delivery to ticket through IDLE: {took.TotalMilliseconds:N0} ms");
        Assert.Equal(["Printer jammed"], await SubjectsAsync(app));
    }

    [SkippableFact]
    public async Task AConnectionTheServerDropsMidIdleIsOpenedAgain()
    {
        var server = Dovecot.Require();
        await using var app = await IdlingAppAsync(server);

        await server.KickAsync();
        await server.SaveAsync(Mail("bo@acme.example", "Monitor flickers"));

        var took = await UntilAsync(async () => (await SubjectsAsync(app)).Count == 1, TimeSpan.FromSeconds(30), () => "After the connection was dropped, a new message did not become a ticket within 30 s.");
        output.WriteLine($"after the connection was dropped: {took.TotalMilliseconds:N0} ms");
        Assert.Equal(["Monitor flickers"], await SubjectsAsync(app));
        await using var check = app.NewContext();
        Assert.Equal(1, await check.Inbound.CountAsync());
    }

    [SkippableFact]
    public async Task MailSubmittedToPostfixIsDeliveredToDovecotAndTakenInThroughIdle()
    {
        var server = Dovecot.Require();
        var postfix = Environment.GetEnvironmentVariable("HELPDESK_TEST_POSTFIX");
        ServiceRequirement.Require(postfix is not null, "Postfix delivering to Dovecot over LMTP (HELPDESK_TEST_POSTFIX)");
        await using var app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, server.MailboxSettings(10,
            ("Jobs:Enabled", "true"), ("Jobs:MailboxSeconds", "3600"), ("Jobs:SweepSeconds", "3600"), ("Jobs:OutboxSeconds", "3600")));
        _ = app.Services;
        await UntilAsync(async () =>
        {
            await using var db = app.NewContext();
            return await db.MailboxStates.AnyAsync(s => s.LastPollAt != null);
        }, TimeSpan.FromSeconds(60), () => "The mailbox watcher never read the mailbox.");

        // swaks submits over SMTP as a customer's mail server would; Postfix queues it and hands it to Dovecot (LMTP).
        var swaks = new ProcessStartInfo("swaks") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            "--server", postfix!, "--from", "ana@acme.example", "--to", server.User,
            "--header", "Subject: Delivered by Postfix", "--header", "From: Ana Lima <ana@acme.example>", "--body", "Sent through a real mail server.",
        })
        {
            swaks.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using (var process = Process.Start(swaks)!)
        {
            var log = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, log);
        }

        await UntilAsync(async () =>
        {
            await using var db = app.NewContext();
            return await db.Tickets.AnyAsync(t => t.Subject == "Delivered by Postfix");
        }, TimeSpan.FromSeconds(30), () => "Mail submitted to Postfix did not become a ticket within 30 s.");
        output.WriteLine($"swaks to ticket through Postfix, LMTP and IDLE: {watch.Elapsed.TotalMilliseconds:N0} ms");

        await using var check = app.NewContext();
        var ticket = await check.Tickets.Include(t => t.Requester).Include(t => t.Messages).SingleAsync();
        Assert.Equal(("ana@acme.example", "Ana Lima"), (ticket.Requester.Email, ticket.Requester.Name));
        Assert.Equal("Sent through a real mail server.", ticket.Messages.Single().Body.Trim());
    }
}
