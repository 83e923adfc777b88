using Helpdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Imap.Intake;

/// <summary>A customer's message about a ticket that exists.</summary>
public sealed class Reply
{
    [SkippableFact]
    public async Task WithTheTicketsTokenInTheSubjectLandsOnTheTicket()
    {
        await using var intake = IntakeApp.Start();
        var number = await intake.OpenTicketAsync();

        await intake.DeliverAsync(IntakeApp.Mail("ana@acme.example", $"Re: [#{number}] Printer jammed", "Still jammed.", "a2"));

        await using var db = intake.App.NewContext();
        var ticket = await db.Tickets.Include(t => t.Messages).SingleAsync();
        Assert.Equal(["It makes a noise.", "Still jammed."], ticket.Messages.OrderBy(m => m.Id).Select(m => m.Body));
    }

    [SkippableFact]
    public async Task ToTheAgentsEmailWithoutATokenIsThreadedByReferencesAndReopensTheSolvedTicket()
    {
        await using var intake = IntakeApp.Start();
        var number = await intake.OpenTicketAsync();
        var replyId = await intake.AnswerAndSolveAsync(number);

        await intake.DeliverAsync(IntakeApp.Mail("ana@acme.example", "Re: Printer jammed", "It did not help.", "a3", $"In-Reply-To: {replyId}\r\nReferences: {replyId}\r\n"));

        await using var db = intake.App.NewContext();
        var ticket = await db.Tickets.Include(t => t.Messages).SingleAsync(t => t.Number == number);
        Assert.Equal((TicketStatus.Open, "It did not help."), (ticket.Status, ticket.Messages.OrderBy(m => m.Id).Last().Body));
    }

    [SkippableFact]
    public async Task FromSomeoneNotOnTheTicketOpensANewTicketInstead()
    {
        await using var intake = IntakeApp.Start();
        var number = await intake.OpenTicketAsync();

        await intake.DeliverAsync(IntakeApp.Mail("eve@evil.example", $"Re: [#{number}] hijack", "Let me in.", "e1"));

        await using var db = intake.App.NewContext();
        Assert.Equal(["Printer jammed", $"Re: [#{number}] hijack"], await db.Tickets.OrderBy(t => t.Number).Select(t => t.Subject).ToListAsync());
        Assert.Contains("is not on ticket", (await db.Inbound.OrderBy(m => m.Id).LastAsync()).Outcome, StringComparison.Ordinal);
    }
}
