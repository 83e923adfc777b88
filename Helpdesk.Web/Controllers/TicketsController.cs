using System.Globalization;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Storage;
using Helpdesk.Web.Presentation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

[Route("tickets")]
public sealed class TicketsController(
    TicketService tickets, ITicketQueries queries, ISlaStore sla, IDisruptionStore disruptions, SlaPresenter presenter, Helpdesk.Core.Macros.MacroService macros, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(
        string? q, string? status, string? priority, string? assignee, int? group, [FromQuery(Name = "sla")] string? slaFilter, string? sort, string? dir, int page = 1, CancellationToken ct = default)
    {
        // The bare address lands on the view this user chose last, or by role: agents on their own unsolved tickets,
        // supervisors on all unsolved ones.
        var viewCookie = ViewCookie;
        if (!Request.QueryString.HasValue)
        {
            return Redirect(CurrentView);
        }

        var here = Request.Path + Request.QueryString;
        if (QueueViews.Hrefs.Contains(here))
        {
            Response.Cookies.Append(viewCookie, here, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true, Path = "/tickets",
            });
        }

        // A ticket's number ("249" or "#249") opens that ticket, whatever its status and the filters.
        if (q?.Trim().TrimStart('#') is { Length: > 0 and <= 9 } digits && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var wanted)
            && await queries.ExistsAsync(wanted, ct))
        {
            return Redirect($"/tickets/{wanted}");
        }

        var query = Query(q, status, priority, assignee, group, slaFilter, sort, dir, page);
        var agentId = User.UserId();
        var now = time.GetUtcNow();
        var result = await queries.QueueAsync(query, agentId, now, ct);
        var model = new QueueViewModel
        {
            Query = query with { Page = result.Page },
            Page = result,
            Counts = await queries.CountsAsync(agentId, now, ct),
            Lookups = await queries.LookupsAsync(ct),
            Sla = await sla.SetupAsync(ct),
            Now = now,
            ActiveDisruptions = await ActiveDisruptionsAsync(ct),
            Macros = [.. (await macros.AvailableToAsync(agentId, ct)).Select(m => new NamedOption(m.Id, m.Name))],
        };
        return View(model);
    }

    /// <summary>The cookie that keeps the queue view this user chose last (named per user, so a shared browser keeps each one's).</summary>
    private string ViewCookie =>
        "helpdesk.view." + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(User.UserId())))[..12];

    /// <summary>The view this user chose last, else by role: agents their own unsolved tickets, supervisors all unsolved ones.</summary>
    private string CurrentView =>
        Request.Cookies[ViewCookie] is { } chosen && QueueViews.Hrefs.Contains(chosen)
            ? chosen
            : User.IsInRole(Roles.Supervisor) ? QueueViews.AllUnsolved : QueueViews.Mine;

    /// <summary>The queue's query from its parameters, anything unknown read as the default.</summary>
    private static QueueQuery Query(string? q, string? status, string? priority, string? assignee, int? group, string? slaFilter, string? sort, string? dir, int page)
    {
        var text = string.IsNullOrWhiteSpace(q) ? null : q.Trim()[..Math.Min(q.Trim().Length, Limits.SearchLength)];
        return new QueueQuery
        {
            Text = text,
            Status = status is not null && QueueStatusFilter.Values.Contains(status.ToLowerInvariant()) ? status.ToLowerInvariant() : QueueStatusFilter.Unsolved,
            Priority = Enum.TryParse<TicketPriority>(priority, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null,
            Assignee = string.IsNullOrWhiteSpace(assignee) ? QueueAssigneeFilter.Anyone : assignee,
            GroupId = group,
            Sla = slaFilter is QueueSlaFilter.AtRisk or QueueSlaFilter.Breached ? slaFilter : null,
            // A search is ordered by relevance unless another order was asked for; relevance means nothing without one.
            Sort = Enum.TryParse<QueueSort>(sort, ignoreCase: true, out var s) && Enum.IsDefined(s) && (s != QueueSort.Relevance || text is not null)
                ? s
                : text is null ? QueueSort.Urgency : QueueSort.Relevance,
            Descending = !string.Equals(dir, "asc", StringComparison.OrdinalIgnoreCase),
            Page = Math.Max(1, page),
        };
    }

    /// <summary>
    /// The most urgent ticket of the user's current view other than <paramref name="after"/> (the view's first page, in
    /// its order), or null when the view has no other.
    /// </summary>
    private async Task<int?> NextInViewAsync(int after, CancellationToken ct)
    {
        var view = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://view" + CurrentView).Query);
        string? Get(string key) => view.TryGetValue(key, out var v) ? v.ToString() : null;
        var query = Query(Get("q"), Get("status"), Get("priority"), Get("assignee"), int.TryParse(Get("group"), CultureInfo.InvariantCulture, out var g) ? g : null,
            Get("sla"), Get("sort"), Get("dir"), 1);
        var page = await queries.QueueAsync(query, User.UserId(), time.GetUtcNow(), ct);
        return page.Rows.Select(r => (int?)r.Number).FirstOrDefault(n => n != after);
    }

    /// <summary>The next ticket of the user's view (the "j" shortcut, and "then: next ticket" after sending).</summary>
    [HttpGet("{number:int}/next")]
    public async Task<IActionResult> Next(int number, CancellationToken ct)
    {
        if (await NextInViewAsync(number, ct) is int next)
        {
            return Redirect($"/tickets/{next}");
        }

        TempData["Notice"] = Words.T("No other ticket in this view.");
        return Redirect(CurrentView);
    }

    /// <summary>"Assign to me", from the ticket page as the agent saw it.</summary>
    [HttpPost("{number:int}/take")]
    public async Task<IActionResult> Take(int number, int version, CancellationToken ct)
    {
        try
        {
            await tickets.TakeAsync(number, version, User.UserId(), ct);
            TempData["Notice"] = Words.T("Assigned to you.");
        }
        catch (ConcurrencyConflictException ex)
        {
            TempData["Notice"] = Words.T(ex.Message);
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            TempData["Notice"] = Words.T(ex.Message);
        }

        return Redirect($"/tickets/{number}");
    }

    /// <summary>A bulk action's preview: which tickets, what will change; nothing is saved until it is confirmed.</summary>
    [HttpPost("bulk")]
    public async Task<IActionResult> BulkPreview(BulkInput input, CancellationToken ct) => View("Bulk", await BulkModelAsync(input, null, ct));

    /// <summary>The confirmed bulk action: each ticket its own audited update; those changed meanwhile are reported.</summary>
    [HttpPost("bulk/apply")]
    public async Task<IActionResult> BulkApply(BulkInput input, [FromServices] BulkService bulk, CancellationToken ct)
    {
        try
        {
            var outcome = await bulk.ApplyAsync(input.Selected(), input.Change(), User.UserId(), ct);
            return View("Bulk", await BulkModelAsync(input, outcome, ct));
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Bulk", await BulkModelAsync(input, null, ct) with { Error = ex.Message });
        }
    }

    private async Task<BulkViewModel> BulkModelAsync(BulkInput input, BulkOutcome? outcome, CancellationToken ct)
    {
        var lookups = await queries.LookupsAsync(ct);
        var change = input.Change();
        var changes = new List<string>();
        if (change.MacroId is int macroId)
        {
            changes.Add($"Macro: {(await macros.AvailableToAsync(User.UserId(), ct)).FirstOrDefault(m => m.Id == macroId)?.Name ?? "unknown"} (its message and changes, for each ticket)");
        }

        if (change.Status is { } status) { changes.Add($"Status → {status.Label()}"); }
        if (change.Priority is { } priority) { changes.Add($"Priority → {priority}"); }
        if (change.SetAssignee) { changes.Add($"Assignee → {(change.AssigneeId is { } a ? lookups.Agents.FirstOrDefault(x => x.Id == a)?.DisplayName ?? "unknown" : "unassigned")}"); }
        if (change.SetGroup) { changes.Add($"Group → {(change.GroupId is int g ? lookups.Groups.FirstOrDefault(x => x.Id == g)?.Name ?? "unknown" : "none")}"); }
        if (change.AddTags is { } tags) { changes.Add($"Add tags: {tags}"); }
        var model = new BulkViewModel
        {
            Input = input,
            Tickets = await queries.RowsAsync([.. input.Selected().Take(BulkService.MaxTickets).Select(s => s.Number)], ct),
            Changes = changes,
            Outcome = outcome,
            Error = input.Selected().Count == 0 ? "Select the tickets first: tick them in the queue."
                : input.Selected().Count > BulkService.MaxTickets ? $"Select at most {BulkService.MaxTickets} tickets."
                : change.IsEmpty ? "Choose what to change." : null,
        };
        if (model.Error is not null && outcome is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return model;
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(string? email, CancellationToken ct) =>
        View(new NewTicketViewModel { Input = new NewTicketInput { RequesterEmail = email ?? string.Empty }, Lookups = await queries.LookupsAsync(ct) });

    [HttpPost("new")]
    [RequestSizeLimit(AttachmentLimits.RequestBytes)]
    public async Task<IActionResult> New(
        NewTicketInput input, List<IFormFile> files, [FromServices] IValidator<NewTicketInput> validator, [FromServices] AttachmentStore store, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        AttachmentLimits.Check(files, ModelState);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            ModelState.AddErrors(validation);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new NewTicketViewModel { Input = input, Lookups = await queries.LookupsAsync(ct) });
        }

        var saved = await AttachmentLimits.SaveAsync(files, store, ct);
        var ticket = await tickets.OpenAsync(input, User.UserId(), saved, ct);
        TempData["Notice"] = Words.T("Ticket #{0} created.", ticket.Number);
        return Redirect($"/tickets/{ticket.Number}");
    }

    [HttpGet("{number:int}")]
    public async Task<IActionResult> Show(int number, int? macro, CancellationToken ct)
    {
        var ticket = await queries.GetTicketAsync(number, ct);
        if (ticket is null)
        {
            return NotFound();
        }

        var form = TicketPage.Form(ticket);
        string? applied = null;
        if (macro is int macroId && ticket.Status != TicketStatus.Closed)
        {
            // The macro's reply and changes go into the form for the agent to review; nothing is saved until they send.
            try
            {
                var m = await macros.ApplyAsync(number, macroId, User.UserId(), ct);
                form.Body = m.Body.Length > 0 ? m.Body : null;
                form.Visibility = m.Internal ? MessageVisibility.Internal : MessageVisibility.Public;
                form.Status = m.Status ?? form.Status;
                form.Priority = m.Priority ?? form.Priority;
                form.GroupId = m.GroupId ?? form.GroupId;
                form.AssigneeId = m.AssigneeId ?? form.AssigneeId;
                form.Tags = m.AddTags is { } add ? $"{form.Tags} {add}".Trim() : form.Tags;
                applied = m.Name;
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                TempData["Error"] = Words.T("The macro was not applied: {0}", ex.Message);
                return Redirect($"/tickets/{number}");
            }
        }

        return View(await ShowModelAsync(ticket, form, await queries.LookupsAsync(ct), ct) with { AppliedMacro = applied });
    }

    [HttpPost("{number:int}/disruption")]
    public async Task<IActionResult> LinkDisruption(int number, int? disruptionId, CancellationToken ct)
    {
        await tickets.LinkDisruptionAsync(number, disruptionId, User.UserId(), ct);
        TempData["Notice"] = disruptionId is null ? Words.T("Unlinked from the disruption.") : Words.T("Linked to the disruption.");
        return Redirect($"/tickets/{number}");
    }

    [HttpPost("{number:int}")]
    [RequestSizeLimit(AttachmentLimits.RequestBytes)]
    public async Task<IActionResult> Update(
        int number, TicketUpdateInput input, List<IFormFile> files, [FromServices] IValidator<TicketUpdateInput> validator, [FromServices] AttachmentStore store,
        string? then, AfterSend? after, CancellationToken ct)
    {
        // "Send and solve", "Send and set Pending": the button says the status.
        input.Status = then switch
        {
            "solve" => TicketStatus.Solved,
            "pending" => TicketStatus.Pending,
            _ => input.Status,
        };
        var validation = await validator.ValidateAsync(input, ct);
        AttachmentLimits.Check(files, ModelState);
        if (!validation.IsValid || !ModelState.IsValid)
        {
            ModelState.AddErrors(validation);
            return await Redisplay(number, input, StatusCodes.Status422UnprocessableEntity, ct: ct);
        }

        bool solved;
        try
        {
            var saved = await AttachmentLimits.SaveAsync(files, store, ct);
            var updated = await tickets.UpdateAsync(number, input, User.UserId(), saved, ct);
            solved = updated.Status == TicketStatus.Solved && updated.AuditTrail.Any(a => a.Field == "Status" && a.NewValue == TicketStatus.Solved.Label() && a.At == updated.UpdatedAt);
        }
        catch (ConcurrencyConflictException ex)
        {
            return await Redisplay(number, input, StatusCodes.Status409Conflict, ex.Message, ct);
        }
        catch (DomainException ex) when (ex is not NotFoundException)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
            return await Redisplay(number, input, StatusCodes.Status422UnprocessableEntity, ct: ct);
        }

        TempData["Notice"] = (string.IsNullOrWhiteSpace(input.Body), input.Visibility == MessageVisibility.Internal, solved) switch
        {
            (true, _, true) => Words.T("Ticket solved."),
            (true, _, false) => Words.T("Ticket updated."),
            (false, true, true) => Words.T("Note added and ticket solved."),
            (false, true, false) => Words.T("Note added."),
            (false, false, true) => Words.T("Reply sent and ticket solved."),
            (false, false, false) => Words.T("Reply sent."),
        };

        // Where to go now: the agent's choice, kept for the next ticket.
        var agentId = User.UserId();
        if (after is { } choice && Enum.IsDefined(choice))
        {
            await tickets.ChooseAfterSendAsync(agentId, choice, ct);
        }

        if ((after ?? await tickets.AfterSendAsync(agentId, ct)) == AfterSend.NextInView)
        {
            TempData["Notice"] = $"#{number}: {TempData["Notice"]}";
            return await NextInViewAsync(number, ct) is int next ? Redirect($"/tickets/{next}") : Redirect(CurrentView);
        }

        return Redirect($"/tickets/{number}");
    }

    [HttpGet("{number:int}/attachments/{id:long}")]
    public async Task<IActionResult> Attachment(int number, long id, [FromServices] AttachmentStore store, CancellationToken ct)
    {
        var attachment = await queries.GetAttachmentAsync(number, id, ct);
        if (attachment is null)
        {
            return NotFound();
        }

        // Always a download: inbound files are never rendered in the app's origin.
        return File(store.Open(attachment.StorageKey), "application/octet-stream", attachment.DisplayName);
    }

    /// <summary>An email's own inline image (cid:), shown in its message: raster images only, sandboxed.</summary>
    [HttpGet("{number:int}/attachments/{id:long}/inline")]
    public async Task<IActionResult> InlineImage(int number, long id, [FromServices] AttachmentStore store, CancellationToken ct)
    {
        var attachment = await queries.GetAttachmentAsync(number, id, ct);
        if (attachment is not { IsInlineImage: true })
        {
            return NotFound();
        }

        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return File(store.Open(attachment.StorageKey), attachment.ContentType);
    }

    /// <summary>
    /// Shows the ticket again after a rejected submission. On a conflict the draft text is kept, the
    /// fields show the current state, and the changes that were not saved are listed.
    /// </summary>
    private async Task<IActionResult> Redisplay(int number, TicketUpdateInput input, int status, string? conflict = null, CancellationToken ct = default)
    {
        var ticket = await queries.GetTicketAsync(number, ct);
        if (ticket is null)
        {
            return NotFound();
        }

        var lookups = await queries.LookupsAsync(ct);
        Response.StatusCode = status;
        if (conflict is null)
        {
            return View("Show", await ShowModelAsync(ticket, input, lookups, ct));
        }

        return View("Show", await ShowModelAsync(ticket, TicketPage.Form(ticket, input.Body, input.Visibility), lookups, ct, conflict, Describe(ticket, input, lookups)));
    }

    /// <summary>The ticket page: the ticket with its SLA panel, its received HTML made safe, the disruptions it may be linked to.</summary>
    private async Task<TicketViewModel> ShowModelAsync(
        Ticket ticket, TicketUpdateInput input, Lookups lookups, CancellationToken ct, string? conflict = null, IReadOnlyList<string>? unsaved = null)
    {
        var page = TicketPage.Build(
            ticket,
            input,
            lookups,
            presenter.Panel(ticket.SlaClocks, await sla.SetupAsync(ct), time.GetUtcNow()),
            await ActiveDisruptionsAsync(ct),
            conflict,
            unsaved);
        return page with
        {
            AfterSend = await tickets.AfterSendAsync(User.UserId(), ct),
            ViewerId = User.UserId(),
            Macros = [.. (await macros.AvailableToAsync(User.UserId(), ct)).Select(m => new NamedOption(m.Id, m.Name))],
            MergeCandidates = ticket.Status == TicketStatus.Closed ? [] : await queries.RequesterOpenTicketsAsync(ticket.RequesterId, ticket.Number, 5, ct),
        };
    }

    private async Task<IReadOnlyList<ActiveDisruption>> ActiveDisruptionsAsync(CancellationToken ct) =>
        [.. (await disruptions.ActiveAsync(ct)).Select(ActiveDisruption.From)];

    private static List<string> Describe(Ticket current, TicketUpdateInput input, Lookups lookups)
    {
        var changes = new List<string>();
        if (!string.IsNullOrWhiteSpace(input.Body))
        {
            changes.Add(input.Visibility == MessageVisibility.Internal ? "your internal note (kept in the box below)" : "your reply (kept in the box below)");
        }

        if (input.Status != current.Status)
        {
            changes.Add($"status → {input.Status.Label()}");
        }

        if (input.Priority != current.Priority)
        {
            changes.Add($"priority → {input.Priority}");
        }

        if (input.AssigneeId != current.AssigneeId)
        {
            changes.Add($"assignee → {lookups.Agents.FirstOrDefault(a => a.Id == input.AssigneeId)?.DisplayName ?? "nobody"}");
        }

        if (input.GroupId != current.GroupId)
        {
            changes.Add($"group → {lookups.Groups.FirstOrDefault(g => g.Id == input.GroupId)?.Name ?? "none"}");
        }

        if (input.CategoryId != current.CategoryId)
        {
            changes.Add($"category → {lookups.Categories.FirstOrDefault(c => c.Id == input.CategoryId)?.Name ?? "none"}");
        }

        var tags = string.Join(' ', TicketTag.Normalize([input.Tags ?? string.Empty]).Order(StringComparer.Ordinal));
        if (tags != string.Join(' ', current.TagNames))
        {
            changes.Add($"tags → {(tags.Length == 0 ? "none" : tags)}");
        }

        return changes;
    }
}

/// <summary>Upload limits for attachments added in the web app.</summary>
public static class AttachmentLimits
{
    public const long FileBytes = 20L * 1024 * 1024;
    public const int MaxFiles = 10;
    public const long RequestBytes = (FileBytes * MaxFiles) + (1024 * 1024);

    /// <summary>Too many files, or one too large, as field errors; in the request's language when a localizer is given (the portal).</summary>
    public static void Check(List<IFormFile> files, Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, Microsoft.Extensions.Localization.IStringLocalizer? localizer = null)
    {
        if (files.Count > MaxFiles)
        {
            modelState.AddModelError("files", localizer?["Attach at most {0} files.", MaxFiles].Value ?? $"Attach at most {MaxFiles} files.");
        }

        foreach (var file in files.Where(f => f.Length > FileBytes))
        {
            var megabytes = FileBytes / (1024 * 1024);
            modelState.AddModelError("files", localizer?["{0} is larger than {1} MB.", file.FileName, megabytes].Value
                ?? string.Create(CultureInfo.InvariantCulture, $"{file.FileName} is larger than {megabytes} MB."));
        }
    }

    /// <summary>Stores the uploaded files (empty ones skipped) before the change that attaches them.</summary>
    public static async Task<IReadOnlyCollection<AttachmentFile>> SaveAsync(List<IFormFile> files, AttachmentStore store, CancellationToken ct)
    {
        var saved = new List<AttachmentFile>();
        foreach (var file in files.Where(f => f.Length > 0))
        {
            await using var stream = file.OpenReadStream();
            saved.Add(await store.SaveAsync(file.FileName, file.ContentType, stream, ct));
        }

        return saved;
    }
}
