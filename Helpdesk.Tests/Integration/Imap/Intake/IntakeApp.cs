using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Jobs;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Imap.Intake;

/// <summary>
/// The app with a fresh mailbox on the real Dovecot server and a fresh SQLite database: messages are delivered with
/// doveadm and read by the poll job, as in production.
/// </summary>
public sealed class IntakeApp : IAsyncDisposable
{
    private IntakeApp(Dovecot server, HelpdeskFactory app)
    {
        Server = server;
        App = app;
    }

    public Dovecot Server { get; }

    public HelpdeskFactory App { get; }

    public static IntakeApp Start()
    {
        var server = Dovecot.Require();
        return new IntakeApp(server, new HelpdeskFactory(TestDatabase.Sqlite(), ownsDatabase: true, server.MailboxSettings(3)));
    }

    public static string Mail(string from, string subject, string body, string? messageId = null, string extraHeaders = "") =>
        $"From: {from}\r\nTo: Support <support@helpdesk.localhost>\r\nSubject: {subject}\r\nDate: Mon, 02 Mar 2026 09:00:00 +0000\r\n" +
        $"Message-ID: <{messageId ?? Guid.NewGuid().ToString("N")}@customer.example>\r\n{extraHeaders}\r\n{body}\r\n";

    /// <summary>Delivers the messages, then polls until the mailbox has nothing new; returns how many were taken in.</summary>
    public async Task<int> DeliverAsync(params string[] messages)
    {
        foreach (var message in messages)
        {
            await Server.SaveAsync(message);
        }

        var job = ActivatorUtilities.CreateInstance<PollMailboxesJob>(App.Services);
        var mailbox = App.Services.GetRequiredService<IReadOnlyList<MailboxOptions>>().Single();
        var total = 0;
        int taken;
        while ((taken = await job.PollAsync(mailbox, CancellationToken.None)) > 0)
        {
            total += taken;
        }

        return total;
    }

    /// <summary>A ticket opened by a first message from ana@acme.example; returns its number.</summary>
    public async Task<int> OpenTicketAsync(string subject = "Printer jammed", string messageId = "a1")
    {
        await DeliverAsync(Mail("Ana Lima <ana@acme.example>", subject, "It makes a noise.", messageId));
        await using var db = App.NewContext();
        return await db.Tickets.Where(t => t.Subject == subject).Select(t => t.Number).SingleAsync();
    }

    /// <summary>An agent answers the ticket and solves it; returns the Message-ID of the reply the customer gets.</summary>
    public async Task<string> AnswerAndSolveAsync(int number)
    {
        var agentId = await App.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var version = (await scope.ServiceProvider.GetRequiredService<Core.Ports.IHelpdeskStore>().FindTicketAsync(number))!.Version;
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(
                number, new TicketUpdateInput { Version = version, Body = "Try turning it off and on.", Status = TicketStatus.Solved, Priority = TicketPriority.Normal }, agentId);
        }

        await using var db = App.NewContext();
        return (await db.Outbox.SingleAsync(m => m.Kind == Core.Mail.OutboxKind.Reply)).MessageId;
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
