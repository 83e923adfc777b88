using System.Net;
using System.Text;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Processes;

/// <summary>
/// Mail written to hurt, fed to the real executable's <c>mail ingest</c> (a process of its own, as a mail server
/// would pipe it) while the web app runs as another process on the same SQLite file.
/// </summary>
[Collection("processes")]
public sealed class HostileMailTests
{
    private static readonly Dictionary<string, string> NoSettings = [];

    private static byte[] Mail(string head, string body) => Encoding.UTF8.GetBytes($"From: Mallory <mallory@evil.example>\r\nTo: help@helpdesk.localhost\r\n{head}\r\n\r\n{body}");

    /// <summary>An agent and one open ticket, seeded in this process.</summary>
    private static async Task<int> SeedAsync(TestDatabase database)
    {
        await using var seed = new HelpdeskFactory(database, ownsDatabase: false);
        var agent = await seed.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        await using var scope = seed.Services.CreateAsyncScope();
        var ticket = await scope.ServiceProvider.GetRequiredService<TicketService>()
            .OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "Printer", Description = "It jams." }, agent);
        return ticket.Number;
    }

    private static async Task<WebSession> SignInAsync(AppProcess app, TimeSpan? timeout = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        var session = new WebSession(new HttpClient(handler) { BaseAddress = app.Url, Timeout = timeout ?? TimeSpan.FromSeconds(100) });
        await session.LoginAsync("avery@helpdesk.example");
        return session;
    }

    private static async Task<InboundMessage> LastInboundAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.Inbound.OrderByDescending(m => m.Id).FirstAsync();
    }

    [Fact]
    public async Task AnHtmlBombIsReadOutsideAnyTransactionSoAgentsKeepSavingWhileItIsTakenIn()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var number = await SeedAsync(database);
        await using var app = await AppProcess.StartAsync(database, NoSettings);
        var agent = await SignInAsync(app);

        // 400 KB of "<script</": regexes over it backtrack for minutes; an HTML parser reads it once.
        var bomb = Mail("Subject: Invoice\r\nContent-Type: text/html; charset=utf-8", string.Concat(Enumerable.Repeat("<script</", 400 * 1024 / 9)));
        var ingest = AppProcess.RunVerbAsync(database, NoSettings, bomb, "mail", "ingest");

        // Every save an agent makes while the message is taken in succeeds (SQLite has one writer: a transaction
        // held open over the parsing would answer "database is locked").
        var saves = 0;
        do
        {
            int version;
            await using (var db = database.NewContext())
            {
                version = await db.Tickets.Where(t => t.Number == number).Select(t => t.Version).SingleAsync();
            }

            var response = await agent.PostFormAsync($"/tickets/{number}", $"/tickets/{number}",
            [
                new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("Input.Body", $"Note {saves}"), new("Input.Visibility", "Internal"), new("Input.Status", "Open"),
                new("Input.Priority", "Normal"), new("Input.AssigneeId", string.Empty), new("Input.Tags", string.Empty),
            ]);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"save {saves} during the intake answered {(int)response.StatusCode}:\n{app.Output}");
            saves++;
        }
        while (!ingest.IsCompleted);

        var (code, output) = await ingest;
        Assert.True(code == 0, output);
        var row = await LastInboundAsync(database);
        Assert.Equal(InboundState.Processed, row.State);
        await using (var db = database.NewContext())
        {
            Assert.Equal(saves, await db.Messages.CountAsync(m => m.TicketNumber == number && m.Body.StartsWith("Note ")));
        }
    }

    [Fact]
    public async Task AMessageOfFortyThousandQuotedLinesFindsItsQuoteOnceAtIntakeAndItsTicketOpensAtOnce()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await SeedAsync(database);

        // A run of quoted lines that ends in a normal line: looking ahead from each quoted line is quadratic
        // (45,000 lines took most of a minute per view); one pass at intake finds the signature after them.
        var body = new StringBuilder("Hello,\n");
        for (var i = 0; i < 45_000; i++)
        {
            body.Append(">\n");
        }

        body.Append("The end.\n-- \nMallory\n");
        var (code, output) = await AppProcess.RunVerbAsync(database, NoSettings, Mail("Subject: Quotes", body.ToString()), "mail", "ingest");
        Assert.True(code == 0, output);
        var row = await LastInboundAsync(database);
        Assert.Equal(InboundState.Processed, row.State);
        await using (var db = database.NewContext())
        {
            var message = await db.Messages.SingleAsync(m => m.TicketNumber == row.TicketNumber);
            Assert.Equal(message.Body.IndexOf("-- \nMallory", StringComparison.Ordinal), message.QuotedStart);
        }

        // The view reads the stored split. The timeout only keeps a view that scans again from blocking the suite.
        await using var app = await AppProcess.StartAsync(database, NoSettings);
        var agent = await SignInAsync(app, TimeSpan.FromSeconds(20));
        var page = await agent.GetPageAsync($"/tickets/{row.TicketNumber}");
        Assert.Contains("The end.", page, StringComparison.Ordinal);
        Assert.Contains("Show all", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMessageOfThousandsOfPartsKeepsTheLimitsAttachmentsAndSaysWhatWasLeftOut()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        await SeedAsync(database);
        var body = new StringBuilder("--b\r\nContent-Type: text/plain\r\n\r\nMany files.\r\n");
        for (var i = 0; i < 3000; i++)
        {
            body.Append(CultureInfo($"--b\r\nContent-Type: text/plain; name=f{i}.txt\r\nContent-Disposition: attachment; filename=f{i}.txt\r\n\r\n{i}\r\n"));
        }

        body.Append("--b--\r\n");
        var settings = new Dictionary<string, string> { ["Intake:MaxMimeParts"] = "500", ["Intake:MaxAttachments"] = "50" };
        var (code, output) = await AppProcess.RunVerbAsync(database, settings, Mail("Subject: Files\r\nContent-Type: multipart/mixed; boundary=b", body.ToString()), "mail", "ingest");
        Assert.True(code == 0, output);

        var row = await LastInboundAsync(database);
        Assert.Equal(InboundState.Processed, row.State);
        await using var db = database.NewContext();
        var message = await db.Messages.Include(m => m.Attachments).SingleAsync(m => m.TicketNumber == row.TicketNumber);
        Assert.Equal(50, message.Attachments.Count);
        Assert.Equal(50, await db.Attachments.CountAsync());
        Assert.Contains("Many files.", message.Body, StringComparison.Ordinal);
        Assert.Contains("2501 MIME part(s) past the limit of 500", message.Body, StringComparison.Ordinal);
        Assert.Contains("449 more attachment(s) past the limit of 50", message.Body, StringComparison.Ordinal);
        Assert.Equal(50, Directory.GetFiles(Path.Combine(database.Settings.DataPath, "attachments"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task AMessageOverTheSizeLimitIsQuarantinedUnreadAndOnlyItsBeginningIsKept()
    {
        await using var database = await TestDatabase.Sqlite().MigrateAsync();
        var settings = new Dictionary<string, string> { ["Intake:MaxMessageMegabytes"] = "1" };
        var big = Mail("Subject: Huge", new string('x', 3 * 1024 * 1024));
        var (code, output) = await AppProcess.RunVerbAsync(database, settings, big, "mail", "ingest");
        Assert.True(code == 0, output);

        var row = await LastInboundAsync(database);
        Assert.Equal(InboundState.Quarantined, row.State);
        Assert.Contains("the limit is 1 MB. It was not read", row.Outcome, StringComparison.Ordinal);
        Assert.Equal(big.LongLength, row.Size);
        Assert.Equal("Huge", row.Subject);
        Assert.Equal("mallory@evil.example", row.From);
        var kept = Directory.GetFiles(Path.Combine(database.Settings.DataPath, "mail-raw"), "*", SearchOption.AllDirectories);
        Assert.Equal(256 * 1024, new FileInfo(Assert.Single(kept)).Length);
    }

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);
}
