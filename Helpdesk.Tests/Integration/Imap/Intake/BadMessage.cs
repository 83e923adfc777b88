using Helpdesk.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Imap.Intake;

/// <summary>A message that cannot become a ticket.</summary>
public sealed class BadMessage
{
    [SkippableFact]
    public async Task WithoutASenderIsQuarantinedWithItsReasonAndTheNextMessageIsTakenIn()
    {
        await using var intake = IntakeApp.Start();

        Assert.Equal(2, await intake.DeliverAsync("Subject: no sender at all\r\n\r\nWho am I?\r\n", IntakeApp.Mail("dee@acme.example", "Monitor flickers", "Since today.", "d1")));

        await using var db = intake.App.NewContext();
        var inbound = await db.Inbound.OrderBy(m => m.Id).ToListAsync();
        Assert.Equal((InboundState.Quarantined, InboundState.Processed), (inbound[0].State, inbound[1].State));
        Assert.Contains("No usable sender", inbound[0].Outcome, StringComparison.Ordinal);
        Assert.Equal("Monitor flickers", (await db.Tickets.SingleAsync()).Subject);
    }
}
