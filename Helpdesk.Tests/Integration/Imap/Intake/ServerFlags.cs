using MailKit;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Tests.Integration.Imap.Intake;

/// <summary>What the poll leaves on the mail server.</summary>
public sealed class ServerFlags
{
    [SkippableFact]
    public async Task EveryMessageTakenInIsFlaggedSeenAndThePollRemembersWhereItStopped()
    {
        await using var intake = IntakeApp.Start();

        await intake.DeliverAsync(IntakeApp.Mail("ana@acme.example", "One", "1"), IntakeApp.Mail("bo@acme.example", "Two", "2"), "Subject: no sender\r\n\r\n?\r\n", IntakeApp.Mail("cy@acme.example", "Four", "4"));

        using var client = await intake.Server.InspectAsync();
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        Assert.All(await client.Inbox.FetchAsync(0, -1, MailKit.MessageSummaryItems.Flags), s => Assert.True(s.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen)));
        await using var db = intake.App.NewContext();
        Assert.Equal(4, (await db.MailboxStates.SingleAsync()).LastUid);
    }
}
