using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Imap.Intake;

/// <summary>A customer's first message.</summary>
public sealed class NewMessage
{
    [SkippableFact]
    public async Task BecomesATicketOfItsSenderWithItsCcAndMessageId()
    {
        await using var intake = IntakeApp.Start();

        Assert.Equal(1, await intake.DeliverAsync(IntakeApp.Mail("Ana Lima <ana@acme.example>", "Printer jammed", "It makes a noise.", "a1", "Cc: bo@acme.example\r\n")));

        await using var db = intake.App.NewContext();
        var ticket = await db.Tickets.Include(t => t.Requester).Include(t => t.Messages).Include(t => t.Cc).SingleAsync();
        Assert.Equal(
            ("Printer jammed", "ana@acme.example", "Ana Lima", TicketChannel.Email, "a1@customer.example", "It makes a noise."),
            (ticket.Subject, ticket.Requester.Email, ticket.Requester.Name, ticket.Channel, ticket.Messages.Single().MessageId, ticket.Messages.Single().Body));
        Assert.Equal(["bo@acme.example"], ticket.CcAddresses);
    }

    [SkippableFact]
    public async Task IsAcknowledgedAutomaticallyUnderItsTicketNumber()
    {
        await using var intake = IntakeApp.Start();
        var number = await intake.OpenTicketAsync();

        await using var db = intake.App.NewContext();
        var ack = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.Acknowledgement);
        Assert.Equal(("ana@acme.example", true), (ack.To, ack.Automatic));
        Assert.Contains($"[#{number}]", ack.Subject, StringComparison.Ordinal);
    }
}
