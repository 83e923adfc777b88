using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Imap.Intake;

/// <summary>Mail that a machine sent (RFC 3834 auto-replies, delivery reports).</summary>
public sealed class AutomaticMail
{
    [SkippableFact]
    public async Task AnOutOfOfficeReplyBecomesATicketButGetsNoAcknowledgement()
    {
        await using var intake = IntakeApp.Start();

        await intake.DeliverAsync(IntakeApp.Mail("cy@other.example", "Out of office", "Back Monday.", "c1", "Auto-Submitted: auto-replied\r\n"));

        await using var db = intake.App.NewContext();
        Assert.Equal("Out of office", (await db.Tickets.SingleAsync()).Subject);
        Assert.False(await db.Outbox.AnyAsync(m => m.Kind == OutboxKind.Acknowledgement));
        Assert.Contains("no acknowledgement: Auto-Submitted: auto-replied", (await db.Inbound.SingleAsync()).Outcome, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ABounceOfOurMailIsRecordedOnTheCustomerAndMakesNoTicket()
    {
        await using var intake = IntakeApp.Start();
        await intake.OpenTicketAsync();

        await intake.DeliverAsync(
            "From: Mail Delivery System <MAILER-DAEMON@mx.acme.example>\r\nTo: support@helpdesk.localhost\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
            "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n\r\n--r\r\nContent-Type: text/plain\r\n\r\nI'm sorry.\r\n" +
            "--r\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.acme.example\r\n\r\nFinal-Recipient: rfc822; ana@acme.example\r\nAction: failed\r\nStatus: 5.1.1\r\n" +
            "Diagnostic-Code: smtp; 550 5.1.1 no such user\r\n--r--\r\n");

        await using var db = intake.App.NewContext();
        var ana = await db.Customers.SingleAsync(c => c.Email == "ana@acme.example");
        Assert.NotNull(ana.BouncedAt);
        Assert.Contains("5.1.1", ana.BounceReason, StringComparison.Ordinal);
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(InboundState.Ignored, (await db.Inbound.OrderBy(m => m.Id).LastAsync()).State);
    }
}
