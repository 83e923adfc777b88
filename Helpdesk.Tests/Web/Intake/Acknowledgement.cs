using System.Text;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Web.Intake;

/// <summary>
/// When a new ticket by email is acknowledged: not where our receiving server says the sender's domain failed
/// authentication, and not past the hourly cap on acknowledgements in all (3 here).
/// </summary>
public sealed class Acknowledgement : IAsyncLifetime
{
    private const string OurServer = "mx.helpdesk.localhost";

    private HelpdeskFactory _app = null!;

    public Task InitializeAsync()
    {
        _app = new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, new Dictionary<string, string>
        {
            ["Mailboxes:0:Name"] = "support",
            ["Mailboxes:0:Host"] = "imap.example.invalid",
            ["Mailboxes:0:Address"] = "help@helpdesk.localhost",
            ["Mailboxes:0:UserName"] = "help@helpdesk.localhost",
            ["Mailboxes:0:Password"] = "imap-password",
            ["Intake:AcknowledgementsPerHour"] = "2",
            ["Intake:AcknowledgementsPerHourTotal"] = "3",
            ["Intake:AuthServId"] = OurServer,
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> OutcomeAsync(string message)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<InboundMailProcessor>()
            .ReceiveAsync("support", null, null, Encoding.UTF8.GetBytes(message), new MailboxDefaults());
        return row.Outcome!;
    }

    private static string From(string sender, string authenticationResults = "") =>
        $"{authenticationResults}From: {sender}\r\nSubject: Hello from {sender}\r\n\r\nx\r\n";

    [Fact]
    public async Task IsNotSentWhereOurServerSaysTheDomainFailedDmarc()
    {
        var outcome = await OutcomeAsync(From("ceo@bank.example",
            $"Authentication-Results: {OurServer}; spf=pass smtp.mailfrom=bank.example;\r\n dkim=none; dmarc=fail (p=reject) header.from=bank.example\r\n"));

        Assert.Contains("no acknowledgement: the sender's domain failed authentication (dmarc=fail)", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsNotSentWhereSpfFailedWithoutASignatureAndAPassInACommentCountsForNothing()
    {
        var outcome = await OutcomeAsync(From("a@acme.example", $"Authentication-Results: {OurServer} (comment; dmarc=pass); spf=fail smtp.mailfrom=acme.example\r\n"));

        Assert.Contains("(spf=fail)", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsSentWhenTheFailureIsClaimedUnderAnotherServersId()
    {
        var outcome = await OutcomeAsync(From("b@acme.example", $"Authentication-Results: {OurServer}; dmarc=pass\r\nAuthentication-Results: evil.example; dmarc=fail\r\n"));

        Assert.EndsWith("; acknowledged.", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsSentWhereSpfFailedButTheDomainsSignatureHolds()
    {
        var outcome = await OutcomeAsync(From("c@acme.example", $"Authentication-Results: {OurServer}; spf=fail smtp.mailfrom=acme.example; dkim=pass header.d=acme.example\r\n"));

        Assert.EndsWith("; acknowledged.", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopsForEveryoneAtTheHourlyCap()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.EndsWith("; acknowledged.", await OutcomeAsync(From($"d{i}@acme.example")), StringComparison.Ordinal);
        }

        Assert.Contains("3 acknowledgements in the last hour, the most there may be", await OutcomeAsync(From("first.time@acme.example")), StringComparison.Ordinal);
        await using var db = _app.NewContext();
        Assert.Equal(3, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.Acknowledgement));
    }

    [Fact]
    public async Task ResumesAnHourAfterTheCapWasReached()
    {
        for (var i = 0; i < 4; i++)
        {
            await OutcomeAsync(From($"d{i}@acme.example"));
        }

        _app.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.EndsWith("; acknowledged.", await OutcomeAsync(From("later@acme.example")), StringComparison.Ordinal);
    }
}
