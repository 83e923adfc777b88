using Helpdesk.Web.Presentation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail;
using Helpdesk.Infrastructure.Mail.Intake;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Web.Controllers;

/// <summary>Incoming mail for admins: the mailboxes and how their polling goes, received mail, and the quarantine.</summary>
[Route("admin/mail")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminMailController(
    HelpdeskDbContext db, IReadOnlyList<MailboxOptions> mailboxes, InboundMailProcessor intake, RawMailStore raw, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? state, CancellationToken ct)
    {
        var wanted = state switch
        {
            "quarantined" => InboundState.Quarantined,
            "ignored" => InboundState.Ignored,
            "processed" => InboundState.Processed,
            _ => (InboundState?)null,
        };
        var messages = db.Inbound.AsNoTracking();
        if (wanted is { } only)
        {
            messages = messages.Where(m => m.State == only);
        }

        var states = await db.MailboxStates.AsNoTracking().ToDictionaryAsync(s => s.Mailbox, ct);
        var model = new MailAdminViewModel
        {
            Mailboxes = [.. mailboxes.Select(m => Row(m, states.GetValueOrDefault(m.Name)))],
            Messages = await messages.OrderByDescending(m => m.Id).Take(100)
                .Select(m => new InboundRow(m.Id, m.ReceivedAt, m.Mailbox, m.From, m.Subject, m.State, m.TicketNumber, m.Outcome))
                .ToListAsync(ct),
            Counts = await db.Inbound.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct),
            Filter = state,
        };
        return View(model);
    }

    /// <summary>A mailbox as the page shows it: where it is read and how, and how its polling goes; never its secrets.</summary>
    private static MailboxRow Row(MailboxOptions m, MailboxState? state) => new(
        m.Address is { } address ? $"{m.Name} ({address})" : m.Name,
        m.UserName,
        $"{m.Host}:{m.Port}, {m.Security}, {m.Auth}{(m.ValidateCertificate ? string.Empty : ", certificate not checked")}",
        m.Folder,
        m.AfterImport == AfterImport.Move ? $"move to {m.MoveTo}" : "flag as seen",
        state?.LastPollAt,
        state?.LastError,
        state?.LastUid,
        state?.Imported ?? 0);

    /// <summary>The raw message as received, for an admin to inspect (downloaded, never rendered).</summary>
    [HttpGet("{id:long}/raw")]
    public async Task<IActionResult> Raw(long id, CancellationToken ct)
    {
        var message = await db.Inbound.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        return message is null ? NotFound() : File(await raw.ReadAsync(message.RawKey, ct), "message/rfc822", $"message-{id}.eml");
    }

    [HttpPost("{id:long}/reprocess")]
    public async Task<IActionResult> Reprocess(long id, CancellationToken ct)
    {
        var message = await db.Inbound.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("The message");
        var defaults = mailboxes.FirstOrDefault(m => m.Name == message.Mailbox)?.Defaults ?? new MailboxDefaults();
        var result = await intake.ReprocessAsync(id, defaults, ct);
        TempData[result.State == InboundState.Quarantined ? "Error" : "Notice"] = $"Message {id}: {result.State}. {result.Outcome}";
        return Redirect("/admin/mail?state=quarantined");
    }

    [HttpPost("{id:long}/discard")]
    public async Task<IActionResult> Discard(long id, CancellationToken ct)
    {
        var message = await db.Inbound.FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("The message");
        message.Discard(time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = Words.T("Message {0} discarded.", id);
        return Redirect("/admin/mail?state=quarantined");
    }
}
