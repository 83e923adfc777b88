using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Integration.Imap.Intake;
using Helpdesk.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Helpdesk.Tests.Integration.Merge;

/// <summary>
/// A customer writes twice about the same jam; the agent merges the second ticket into the first. The conversation moves
/// in time order with its attachment, the duplicate closes with its clocks cancelled, its customer is told, and the mail
/// that still names the duplicate lands on the survivor through the real IMAP intake.
/// </summary>
public sealed class MergeTests
{
    private const string Boundary = "merge-test-boundary";

    private static string WithAttachment(string text) =>
        $"--{Boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n" +
        $"--{Boundary}\r\nContent-Type: image/png; name=\"jam.png\"\r\nContent-Disposition: attachment; filename=\"jam.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\r\n" +
        $"--{Boundary}--\r\n";

    private static async Task<(int Number, int Version)> CurrentAsync(HelpdeskFactory app, int number)
    {
        await using var db = app.NewContext();
        return (number, await db.Tickets.Where(t => t.Number == number).Select(t => t.Version).SingleAsync());
    }

    [SkippableFact]
    public async Task TheDuplicatesConversationMovesInOrderItsClocksAreCancelledAndMailNamingItLandsOnTheSurvivor()
    {
        await using var intake = IntakeApp.Start();
        var app = intake.App;
        await app.AddStandardPolicyAsync();
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);

        // 09:00 the first ticket; 09:10 the same customer writes again, a new thread, with a photo and a colleague on Cc.
        var survivor = await intake.OpenTicketAsync("Printer jammed", "a1");
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await intake.DeliverAsync(IntakeApp.Mail("Ana Lima <ana@acme.example>", "Printer still jammed", WithAttachment("Here is a photo of the jam."), "b1",
            $"Cc: Bob Reis <bob@acme.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"{Boundary}\"\r\n"));
        int duplicate;
        string acknowledgement;
        await using (var db = app.NewContext())
        {
            duplicate = await db.Tickets.Where(t => t.Subject == "Printer still jammed").Select(t => t.Number).SingleAsync();
            acknowledgement = await db.Outbox.Where(m => m.TicketNumber == duplicate && m.Kind == OutboxKind.Acknowledgement).Select(m => m.MessageId).SingleAsync();
        }

        // 09:20 the agent answers the first; 09:25 the customer asks on the second, which nobody answers.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, version) = await CurrentAsync(app, survivor);
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(survivor,
                new TicketUpdateInput { Version = version, Body = "We are sending a technician.", Status = TicketStatus.Pending, Priority = TicketPriority.Normal }, agent);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await intake.DeliverAsync(IntakeApp.Mail("ana@acme.example", $"Re: [#{duplicate}] Printer still jammed", "Any news?", "b2"));

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var mergedAt = app.Clock.GetUtcNow();
        MergeOutcome outcome;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, dv) = await CurrentAsync(app, duplicate);
            var (_, sv) = await CurrentAsync(app, survivor);
            outcome = await scope.ServiceProvider.GetRequiredService<MergeService>().MergeAsync(duplicate, dv, survivor, sv, agent);
        }

        Assert.Equal(2, outcome.MessagesMoved);
        await using (var db = app.NewContext())
        {
            var s = await db.Tickets.AsNoTracking().Include(t => t.Cc).Include(t => t.SlaClocks).Include(t => t.AuditTrail)
                .Include(t => t.Messages).ThenInclude(m => m.Attachments).SingleAsync(t => t.Number == survivor);
            var conversation = s.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToList();
            Assert.Equal(
                [("It makes a noise.", (int?)null), ("Here is a photo of the jam.", duplicate), ("We are sending a technician.", null), ("Any news?", duplicate)],
                conversation.Select(m => (m.Body, m.MergedFrom)));
            var photo = Assert.Single(conversation[1].Attachments);
            Assert.Equal("jam.png", photo.FileName);
            await using (var scope = app.Services.CreateAsyncScope())
            {
                Assert.NotNull(await scope.ServiceProvider.GetRequiredService<ITicketQueries>().GetAttachmentAsync(survivor, photo.Id));
                Assert.Null(await scope.ServiceProvider.GetRequiredService<ITicketQueries>().GetAttachmentAsync(duplicate, photo.Id));
            }

            // The customer's unanswered "Any news?" reopens the Pending survivor and starts its next-response clock.
            Assert.Equal(TicketStatus.Open, s.Status);
            Assert.Contains("bob@acme.example", s.CcAddresses);
            Assert.Contains(s.SlaClocks, c => c.Metric == SlaMetric.NextResponse && c.State == SlaClockState.Running && c.StartedAt == mergedAt);
            Assert.Contains(s.AuditTrail, a => a.Field == "Merged" && a.NewValue!.StartsWith($"#{duplicate} Printer still jammed (2 messages", StringComparison.Ordinal));

            var d = await db.Tickets.AsNoTracking().Include(t => t.SlaClocks).Include(t => t.SlaEvents).Include(t => t.Messages).SingleAsync(t => t.Number == duplicate);
            Assert.Equal((TicketStatus.Closed, (int?)survivor, mergedAt), (d.Status, d.MergedInto, d.ClosedAt!.Value));
            Assert.Empty(d.Messages);
            Assert.NotEmpty(d.SlaClocks);
            Assert.All(d.SlaClocks.Where(c => c.StoppedAt == mergedAt), c => Assert.Equal(SlaClockState.Cancelled, c.State));
            Assert.DoesNotContain(d.SlaClocks, c => c.IsActive);
            var cancelled = d.SlaEvents.Where(e => e.Kind == SlaEventKind.Cancelled).ToList();
            Assert.Equal(2, cancelled.Count); // first response and resolution were running
            Assert.Equal(d.SlaClocks.Count(c => c.State == SlaClockState.Cancelled), cancelled.Count);
            Assert.All(cancelled, e => Assert.StartsWith($"merged into #{survivor}", e.Detail, StringComparison.Ordinal));
            Assert.Equal(SlaEngine.NoDeadline, d.SlaDueAt);

            // The duplicate's customer is told where the conversation continues.
            var notice = await db.Outbox.SingleAsync(m => m.Kind == OutboxKind.MergeNotice);
            Assert.Equal(("ana@acme.example", $"[#{survivor}] Printer jammed"), (notice.To, notice.Subject));
            Assert.Contains($"your request #{duplicate} \"Printer still jammed\"", notice.Body, StringComparison.Ordinal);
            Assert.False(notice.Automatic);
        }

        // The survivor's next public reply goes to its requester with the duplicate's Cc (now a follower) on copy.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var (_, version) = await CurrentAsync(app, survivor);
            await scope.ServiceProvider.GetRequiredService<TicketService>().UpdateAsync(survivor,
                new TicketUpdateInput { Version = version, Body = "The technician is on the way.", Status = TicketStatus.Open, Priority = TicketPriority.Normal }, agent);
        }

        await using (var db = app.NewContext())
        {
            var reply = await db.Outbox.Where(m => m.Kind == OutboxKind.Reply).OrderByDescending(m => m.Id).FirstAsync();
            Assert.Equal(("ana@acme.example", "bob@acme.example"), (reply.To, reply.Cc));
        }

        // Later mail naming the duplicate (its token, or the acknowledgement it answers) lands on the survivor.
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await intake.DeliverAsync(
            IntakeApp.Mail("ana@acme.example", $"Re: [#{duplicate}] Printer still jammed", "It jammed again.", "b3"),
            IntakeApp.Mail("Bob Reis <bob@acme.example>", "Re: Printer still jammed", "Same here on floor 2.", "c1", $"In-Reply-To: {acknowledgement}\r\nReferences: {acknowledgement}\r\n"));
        await using (var db = app.NewContext())
        {
            Assert.Equal(2, await db.Tickets.CountAsync());
            var last = await db.Messages.Where(m => m.TicketNumber == survivor).OrderByDescending(m => m.Id).Take(2).Select(m => m.Body).ToListAsync();
            Assert.Equal(["Same here on floor 2.", "It jammed again."], last);
            var outcomes = await db.Inbound.OrderByDescending(m => m.Id).Take(2).Select(m => m.Outcome).ToListAsync();
            Assert.All(outcomes, o => Assert.Contains($"#{duplicate} merged into #{survivor}", o, StringComparison.Ordinal));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task AChangeToEitherTicketAfterThePreviewMergesNothingAndAClosedTicketCannotBeMerged(DatabaseProvider provider)
    {
        await using var app = new HelpdeskFactory(await TestDatabase.CreateAsync(provider));
        await app.AddStandardPolicyAsync();
        var agent = await app.CreateUserAsync("avery@helpdesk.example", "Avery", Roles.Agent);
        var attachment = await app.StoreFileAsync("notes.txt", "serial 42");
        int first, second;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var tickets = scope.ServiceProvider.GetRequiredService<TicketService>();
            first = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN down", Description = "Cannot connect.", NotifyRequester = false }, agent)).Number;
            app.Clock.Advance(TimeSpan.FromMinutes(3));
            second = (await tickets.OpenAsync(new NewTicketInput { RequesterEmail = "ana@acme.example", Subject = "VPN", Description = "Still cannot connect.", NotifyRequester = false }, agent, [attachment])).Number;
        }

        var seenFirst = await CurrentAsync(app, first);
        var seenSecond = await CurrentAsync(app, second);

        // A colleague changes the survivor after the agent's preview: nothing is merged.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TicketService>().TakeAsync(first, seenFirst.Version, agent);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
                scope.ServiceProvider.GetRequiredService<MergeService>().MergeAsync(second, seenSecond.Version, first, seenFirst.Version, agent));
        }

        await using (var db = app.NewContext())
        {
            Assert.Equal(1, await db.Messages.CountAsync(m => m.TicketNumber == second));
            Assert.Null(await db.Tickets.Where(t => t.Number == second).Select(t => t.MergedInto).SingleAsync());
            Assert.Equal(0, await db.Outbox.CountAsync(m => m.Kind == OutboxKind.MergeNotice));
        }

        // Looked at again, it merges; on every database the messages and the attachment row move with their ids.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<MergeService>().MergeAsync(second, (await CurrentAsync(app, second)).Version, first, (await CurrentAsync(app, first)).Version, agent);
        }

        await using (var db = app.NewContext())
        {
            Assert.Equal(["Cannot connect.", "Still cannot connect."], await db.Messages.Where(m => m.TicketNumber == first).OrderBy(m => m.CreatedAt).Select(m => m.Body).ToListAsync());
            Assert.Equal(1, await db.Attachments.CountAsync(a => a.Message.TicketNumber == first));
            Assert.Equal(0, await db.Messages.CountAsync(m => m.TicketNumber == second));
        }

        // The merged one is closed: it cannot be merged again, nor can anything be merged into it.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var merges = scope.ServiceProvider.GetRequiredService<MergeService>();
            var closed = await CurrentAsync(app, second);
            var open = await CurrentAsync(app, first);
            var again = await Assert.ThrowsAsync<DomainException>(() => merges.MergeAsync(second, closed.Version, first, open.Version, agent));
            Assert.Contains("closed", again.Message, StringComparison.Ordinal);
            var into = await Assert.ThrowsAsync<DomainException>(() => merges.MergeAsync(first, open.Version, second, closed.Version, agent));
            Assert.Contains($"#{second} is closed", into.Message, StringComparison.Ordinal);
            var self = await Assert.ThrowsAsync<DomainException>(() => merges.MergeAsync(first, open.Version, first, open.Version, agent));
            Assert.Contains("itself", self.Message, StringComparison.Ordinal);
        }
    }
}
