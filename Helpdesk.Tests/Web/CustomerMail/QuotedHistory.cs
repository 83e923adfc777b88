using System.Text;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.CustomerMail;

/// <summary>An agent's reply reads like a conversation: the earlier public messages below it, newest first, as text and HTML.</summary>
public sealed class QuotedHistory : IAsyncLifetime
{
    private HelpdeskFactory _app = null!;
    private string _agent = null!;
    private int _number;

    public async Task InitializeAsync()
    {
        _app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
        {
            ["Mailboxes:0:Name"] = "support",
            ["Mailboxes:0:Host"] = "imap.example.invalid",
            ["Mailboxes:0:Address"] = "help@helpdesk.localhost",
            ["Mailboxes:0:UserName"] = "help@helpdesk.localhost",
            ["Mailboxes:0:Password"] = "imap-password",
        });
        _agent = await _app.CreateUserAsync("avery@helpdesk.example", "Avery Agent", Roles.Agent);

        // Ana writes (quoting an old thread of her own), the agent answers, and an internal note follows.
        await using var scope = _app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>().ReceiveAsync("support", null, null, Encoding.UTF8.GetBytes(
            "From: Ana Lima <ana@acme.example>\r\nSubject: Printer <jams>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
            "The printer jams on <every> page.\r\n\r\nOn Monday, Bob wrote:\r\n> an older thread\r\n"), new MailboxDefaults());
        _number = row.TicketNumber!.Value;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task UpdateAsync(string body, MessageVisibility visibility)
    {
        _app.Clock.Advance(TimeSpan.FromMinutes(30));
        await using var scope = _app.Services.CreateAsyncScope();
        var version = (await scope.ServiceProvider.GetRequiredService<IHelpdeskStore>().FindTicketAsync(_number))!.Version;
        await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(_number, new TicketUpdateInput
        {
            Version = version, Body = body, Visibility = visibility, Status = TicketStatus.Open, Priority = TicketPriority.Normal,
        }, _agent);
    }

    private async Task<OutboxMessage> LastReplyAsync()
    {
        await using var db = _app.NewContext();
        return await db.Outbox.Where(m => m.Kind == OutboxKind.Reply).OrderBy(m => m.Id).LastAsync();
    }

    [Fact]
    public async Task TheFirstReplyQuotesTheCustomersMessageWithoutTheHistoryItQuoted()
    {
        await UpdateAsync("Please try the other tray.", MessageVisibility.Public);

        var reply = await LastReplyAsync();

        Assert.StartsWith("Please try the other tray.\n\n-- \nAvery Agent\n", reply.Body, StringComparison.Ordinal);
        Assert.Contains("\n----\nAna Lima, Monday 2 March, 09:00 (UTC):\n\nThe printer jams on <every> page.\n", reply.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("an older thread", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALaterReplyQuotesEveryEarlierPublicMessageNewestFirstAndNoInternalNote()
    {
        await UpdateAsync("Please try the other tray.", MessageVisibility.Public);
        await UpdateAsync("Internal: the tray sensor is known to fail.", MessageVisibility.Internal);
        await UpdateAsync("A technician comes tomorrow.", MessageVisibility.Public);

        var body = (await LastReplyAsync()).Body;

        var first = body.IndexOf("Avery Agent, Monday 2 March, 09:30 (UTC):\n\nPlease try the other tray.", StringComparison.Ordinal);
        var customer = body.IndexOf("Ana Lima, Monday 2 March, 09:00 (UTC):", StringComparison.Ordinal);
        Assert.True(first > 0 && customer > first, body);
        Assert.DoesNotContain("tray sensor", body, StringComparison.Ordinal);
        Assert.DoesNotContain("A technician comes tomorrow.\n----", body, StringComparison.Ordinal); // the reply is not quoted under itself
    }

    [Fact]
    public async Task TheHtmlVersionSaysTheSameWithEveryCharacterEscaped()
    {
        await UpdateAsync("Use <b>tray 2</b> & tell me.", MessageVisibility.Public);

        var html = (await LastReplyAsync()).HtmlBody!;

        Assert.Contains("<div>Use &lt;b&gt;tray 2&lt;/b&gt; &amp; tell me.</div>", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Ana Lima</strong>, Monday 2 March, 09:00 (UTC)</p><div>The printer jams on &lt;every&gt; page.</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<every>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimesAreWrittenInTheCustomersZone()
    {
        await using (var db = _app.NewContext())
        {
            (await db.Customers.SingleAsync()).SetTimeZone("America/Sao_Paulo");
            await db.SaveChangesAsync();
        }

        await UpdateAsync("Please try the other tray.", MessageVisibility.Public);

        Assert.Contains("Ana Lima, Monday 2 March, 06:00 (Sao Paulo time):", (await LastReplyAsync()).Body, StringComparison.Ordinal);
    }
}
