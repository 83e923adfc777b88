using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Infrastructure.Storage;
using Helpdesk.Web.Controllers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Helpdesk.Web.Api;

/// <summary>A ticket as the API gives it.</summary>
public sealed record ApiTicket(
    int Number, string Subject, string Status, string Priority, string Channel, ApiPerson Requester, string? AssigneeId, int? GroupId,
    int? CategoryId, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, int? MergedInto, DateTimeOffset? SlaDueAt);

public sealed record ApiPerson(int Id, string? Name, string Email, int? OrganizationId);

/// <summary>A line of the ticket list.</summary>
public sealed record ApiTicketRow(int Number, string Subject, string Status, string Priority, string RequesterEmail, string? AssigneeName, string? GroupName, DateTimeOffset UpdatedAt, DateTimeOffset? SlaDueAt, int Version);

/// <summary>The fields an update changes; those left out stay as they are.</summary>
public sealed record ApiTicketUpdate(string? Status, string? Priority, string? AssigneeId, int? GroupId, int? CategoryId, string? Tags);

/// <summary>A new ticket, opened for a customer (found or added by email); the customer is told by email unless <c>notifyRequester</c> is false.</summary>
public sealed record ApiNewTicket(
    string? RequesterEmail, string? RequesterName, string? Subject, string? Description, string? Priority, string? Channel, string? AssigneeId,
    int? GroupId, int? CategoryId, string? Tags, bool? NotifyRequester);

/// <summary>A public reply (emailed to the customer) or an internal note; <c>status</c> changes the status with it ("reply and solve").</summary>
public sealed record ApiNewMessage(string? Body, string? Visibility, string? Status);

/// <summary>One message of the conversation.</summary>
public sealed record ApiMessage(long Id, string Visibility, string Author, string AuthorKind, string Body, DateTimeOffset CreatedAt, IReadOnlyList<ApiAttachment> Attachments);

/// <summary>An attached file; <c>url</c> downloads it with the same token.</summary>
public sealed record ApiAttachment(long Id, string FileName, string ContentType, long Size, string Url);

/// <summary>A ticket's SLA: the clock the queue orders by, every clock, and the timeline of what moved them.</summary>
public sealed record ApiSla(int? PolicyId, string? NextMetric, DateTimeOffset? DueAt, DateTimeOffset? WarnAt, bool ClocksBehind, IReadOnlyList<ApiClock> Clocks, IReadOnlyList<ApiClockEvent> Timeline);

/// <summary>
/// One metric's clock: <c>usedMinutes</c> is business time used up to <c>runningSince</c> (or its stop); <c>breached</c> says
/// whether it is past its target now (or was when it stopped).
/// </summary>
public sealed record ApiClock(
    string Metric, int Cycle, string State, string Policy, int TargetMinutes, double UsedMinutes, DateTimeOffset StartedAt, DateTimeOffset? RunningSince,
    DateTimeOffset? DueAt, DateTimeOffset? WarnAt, DateTimeOffset? BreachedAt, DateTimeOffset? StoppedAt, bool Breached);

public sealed record ApiClockEvent(DateTimeOffset At, string Metric, int Cycle, string Kind, string Detail);

/// <summary>
/// Tickets over REST (decision 021): JSON, errors as RFC 9457 problem details, the ticket's version as its ETag (a field
/// update needs If-Match with it: a stale one is 412, none is 428), cursor pages. Every call acts as the token's user.
/// </summary>
[ApiController]
[Tags("Tickets")]
[Route("api/v1/tickets")]
[Authorize(AuthenticationSchemes = ApiTokenHandler.SchemeName, Policy = HelpdeskApp.StaffPolicy)]
[IgnoreAntiforgeryToken] // a bearer token, never a cookie: a browser cannot send it by itself
[EnableRateLimiting(ApiLimits.Policy)]
public sealed class TicketsApiController(ITicketQueries queries, TicketService tickets, TimeProvider time) : ApiBase
{
    /// <summary>How many times a reply is tried again when the ticket changed under it and no If-Match pinned a version.</summary>
    private const int AppendTries = 3;

    /// <summary>Tickets the queue's filters match, newest first, <paramref name="limit"/> at a time.</summary>
    /// <param name="q">text to search for: a number, words of the subject or the messages, the requester or organization.</param>
    /// <param name="status">unsolved (default), new, open, pending, onhold, solved, closed or all.</param>
    /// <param name="priority">urgent, high, normal or low.</param>
    /// <param name="assignee">me, unassigned, anyone (default) or a user id.</param>
    /// <param name="group">a group id.</param>
    /// <param name="sla">breached or at-risk.</param>
    /// <param name="cursor">the "next" of the page before.</param>
    /// <param name="limit">1 to 100 (default 25).</param>
    [HttpGet]
    [ProducesResponseType<ApiPage<ApiTicketRow>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List(string? q, string? status, string? priority, string? assignee, int? group, string? sla, string? cursor, int limit = 25, CancellationToken ct = default)
    {
        if (!TryLimit(limit, out var error) || !TryCursor(cursor, out var before, out error))
        {
            return error!;
        }

        var statusFilter = status?.ToLowerInvariant() ?? QueueStatusFilter.Unsolved;
        if (statusFilter is not (QueueStatusFilter.All or QueueStatusFilter.Unsolved) && QueueStatusFilter.ToStatus(statusFilter) is null)
        {
            return Problem(statusCode: 400, title: "Invalid status", detail: "Use unsolved, new, open, pending, onhold, solved, closed or all.");
        }

        TicketPriority? priorityFilter = null;
        if (priority is not null)
        {
            if (Parse<TicketPriority>(priority) is not { } p)
            {
                return Problem(statusCode: 400, title: "Invalid priority", detail: "Use urgent, high, normal or low.");
            }

            priorityFilter = p;
        }

        if (sla is not (null or QueueSlaFilter.Breached or QueueSlaFilter.AtRisk))
        {
            return Problem(statusCode: 400, title: "Invalid SLA filter", detail: "Use breached or at-risk.");
        }

        if (q is { Length: > Limits.SearchLength })
        {
            return Problem(statusCode: 400, title: "Invalid search", detail: $"Search for at most {Limits.SearchLength} characters.");
        }

        var query = new QueueQuery { Text = q, Status = statusFilter, Priority = priorityFilter, Assignee = assignee ?? QueueAssigneeFilter.Anyone, GroupId = group, Sla = sla };
        var rows = await queries.BeforeAsync(query, User.UserId(), time.GetUtcNow(), before, limit + 1, ct);
        var items = rows.Take(limit).Select(r => new ApiTicketRow(
            r.Number, r.Subject, Word(r.Status), Word(r.Priority), r.RequesterEmail, r.AssigneeName, r.GroupName, r.UpdatedAt, Due(r.SlaDueAt), r.Version)).ToList();
        return Ok(new ApiPage<ApiTicketRow>(items, rows.Count > limit ? Text(items[^1].Number) : null));
    }

    /// <summary>One ticket; its ETag is its version.</summary>
    [HttpGet("{number:int}")]
    [ProducesResponseType<ApiTicket>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(int number, CancellationToken ct)
    {
        if (await queries.GetTicketAsync(number, ct) is not { } ticket)
        {
            return NotFoundProblem($"ticket #{number}");
        }

        var etag = ETag(ticket.Version);
        Response.Headers.ETag = etag;
        if (Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return Ok(Shape(ticket));
    }

    /// <summary>Opens a ticket for a customer, as an agent does by phone; the token must be read-write.</summary>
    [HttpPost]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiTicket>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(ApiNewTicket ticket, [FromServices] IValidator<NewTicketInput> validator, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var input = new NewTicketInput
        {
            RequesterEmail = ticket.RequesterEmail ?? string.Empty, RequesterName = ticket.RequesterName, Subject = ticket.Subject ?? string.Empty,
            Description = ticket.Description ?? string.Empty, AssigneeId = ticket.AssigneeId, GroupId = ticket.GroupId, CategoryId = ticket.CategoryId,
            Tags = ticket.Tags, NotifyRequester = ticket.NotifyRequester ?? true, Channel = TicketChannel.Web,
        };
        if (ticket.Priority is { } p)
        {
            if (Parse<TicketPriority>(p) is { } priority) { input.Priority = priority; } else { errors["priority"] = ["Use urgent, high, normal or low."]; }
        }

        if (ticket.Channel is { } c)
        {
            if (Parse<TicketChannel>(c) is { } channel) { input.Channel = channel; } else { errors["channel"] = ["Use web, email or phone."]; }
        }

        foreach (var (field, messages) in Errors(await validator.ValidateAsync(input, ct)))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, "The ticket is not valid");
        }

        try
        {
            var opened = await tickets.OpenAsync(input, User.UserId(), ct: ct);
            Response.Headers.ETag = ETag(opened.Version);
            return Created($"/api/v1/tickets/{opened.Number}", Shape(opened));
        }
        catch (NotFoundException ex)
        {
            return Problem(statusCode: 400, title: "Unknown reference", detail: ex.Message);
        }
    }

    /// <summary>Changes fields; needs If-Match with the ticket's ETag. The token must be read-write.</summary>
    [HttpPatch("{number:int}")]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiTicket>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired)]
    public async Task<IActionResult> Update(int number, ApiTicketUpdate update, [FromServices] IValidator<TicketUpdateInput> validator, CancellationToken ct)
    {
        if (await queries.GetTicketAsync(number, ct) is not { } ticket)
        {
            return NotFoundProblem($"ticket #{number}");
        }

        if (IfMatch() is not int version)
        {
            return Problem(statusCode: 428, title: "If-Match needed", detail: "Send the ticket's ETag in If-Match, so that a change made since you read it is not overwritten.");
        }

        if (version != ticket.Version)
        {
            Response.Headers.ETag = ETag(ticket.Version);
            return Stale($"Ticket #{number}", ticket.Version);
        }

        var input = Presentation.TicketPage.Form(ticket);
        var errors = new Dictionary<string, string[]>();
        if (update.Status is { } s)
        {
            if (ParseStatus(s) is { } st) { input.Status = st; } else { errors["status"] = ["Use new, open, pending, onhold, solved or closed."]; }
        }

        if (update.Priority is { } p)
        {
            if (Parse<TicketPriority>(p) is { } pr) { input.Priority = pr; } else { errors["priority"] = ["Use urgent, high, normal or low."]; }
        }

        if (update.AssigneeId is { } a)
        {
            input.AssigneeId = a.Length == 0 ? null : a;
        }

        if (update.GroupId is { } g)
        {
            input.GroupId = g == 0 ? null : g;
        }

        if (update.CategoryId is { } c)
        {
            input.CategoryId = c == 0 ? null : c;
        }

        if (update.Tags is { } tags)
        {
            input.Tags = tags;
        }

        var (saved, problem) = await SaveAsync(number, input, errors, validator, null, ct);
        return saved is null ? problem ?? Conflict(number) : Ok(Shape(saved));
    }

    /// <summary>The conversation, oldest first, internal notes included.</summary>
    [HttpGet("{number:int}/messages")]
    [ProducesResponseType<IReadOnlyList<ApiMessage>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Messages(int number, CancellationToken ct) =>
        await queries.GetTicketAsync(number, ct) is { } ticket ? Ok(ticket.Messages.Select(m => Shape(number, m)).ToList()) : NotFoundProblem($"ticket #{number}");

    /// <summary>
    /// Adds a public reply (emailed to the customer) or an internal note. If-Match is optional: with it, a change since is
    /// 412; without it, the message is added to the ticket as it is now.
    /// </summary>
    [HttpPost("{number:int}/messages")]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiMessage>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed)]
    public Task<IActionResult> AddMessage(int number, ApiNewMessage message, [FromServices] IValidator<TicketUpdateInput> validator, CancellationToken ct) =>
        AppendAsync(number, message, [], validator, ct);

    /// <summary>
    /// Adds a message carrying files (multipart/form-data: <c>files</c>, and optionally <c>body</c>, <c>visibility</c>,
    /// <c>status</c>): at most 10 files of 20 MB each.
    /// </summary>
    [HttpPost("{number:int}/attachments")]
    [Authorize(Policy = ApiLimits.WritePolicy)]
    [Consumes("multipart/form-data")]
    [RequestSizeLimit(AttachmentLimits.RequestBytes)]
    [ProducesResponseType<ApiMessage>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Attach(
        int number, [FromForm] string? body, [FromForm] string? visibility, [FromForm] string? status, List<IFormFile> files,
        [FromServices] IValidator<TicketUpdateInput> validator, [FromServices] AttachmentStore store, CancellationToken ct)
    {
        AttachmentLimits.Check(files, ModelState);
        if (files.All(f => f.Length == 0))
        {
            ModelState.AddModelError("files", "Attach at least one file.");
        }

        if (!ModelState.IsValid)
        {
            return Invalid(ModelState.Where(e => e.Value?.Errors.Count > 0).ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray()));
        }

        if (await queries.GetTicketAsync(number, ct) is null)
        {
            return NotFoundProblem($"ticket #{number}");
        }

        return await AppendAsync(number, new ApiNewMessage(body, visibility, status), await AttachmentLimits.SaveAsync(files, store, ct), validator, ct);
    }

    /// <summary>An attached file, as a download.</summary>
    [HttpGet("{number:int}/attachments/{id:long}")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Attachment(int number, long id, [FromServices] AttachmentStore store, CancellationToken ct) =>
        await queries.GetAttachmentAsync(number, id, ct) is { } attachment
            ? File(store.Open(attachment.StorageKey), "application/octet-stream", attachment.DisplayName)
            : NotFoundProblem($"attachment {id} on ticket #{number}");

    /// <summary>The ticket's SLA: every clock (met, breached, running or paused) and the timeline of what moved them.</summary>
    [HttpGet("{number:int}/sla")]
    [ProducesResponseType<ApiSla>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Sla(int number, CancellationToken ct)
    {
        if (await queries.GetTicketAsync(number, ct) is not { } t)
        {
            return NotFoundProblem($"ticket #{number}");
        }

        var now = time.GetUtcNow();
        return Ok(new ApiSla(
            t.SlaPolicyId, t.SlaMetric is { } m ? MetricWord(m) : null, Due(t.SlaDueAt), t.SlaWarnAt, t.ClocksBehind,
            t.SlaClocks.Select(c => new ApiClock(
                MetricWord(c.Metric), c.Cycle, Kebab(c.State.ToString()), c.PolicyName, c.TargetMinutes, Math.Round(c.Used.TotalMinutes, 2), c.StartedAt, c.RunningSince,
                c.DueAt, c.WarnAt, c.BreachedAt, c.StoppedAt, c.IsBreachedAt(now) || c.State == SlaClockState.MetLate)).ToList(),
            t.SlaEvents.Select(e => new ApiClockEvent(e.At, MetricWord(e.Metric), e.Cycle, Kebab(e.Kind.ToString()), e.Detail)).ToList()));
    }

    /// <summary>A message added as the ticket is now (If-Match optional); a change by someone else meanwhile is tried again.</summary>
    private async Task<IActionResult> AppendAsync(int number, ApiNewMessage message, IReadOnlyCollection<AttachmentFile> files, IValidator<TicketUpdateInput> validator, CancellationToken ct)
    {
        var pinned = HasIfMatch ? IfMatch() ?? -1 : (int?)null;
        for (var attempt = 1; ; attempt++)
        {
            if (await queries.GetTicketAsync(number, ct) is not { } ticket)
            {
                return NotFoundProblem($"ticket #{number}");
            }

            if (pinned is int version && version != ticket.Version)
            {
                Response.Headers.ETag = ETag(ticket.Version);
                return Stale($"Ticket #{number}", ticket.Version);
            }

            var input = Presentation.TicketPage.Form(ticket);
            input.Body = message.Body;
            var errors = new Dictionary<string, string[]>();
            if (message.Visibility is { } v)
            {
                if (v.ToLowerInvariant() is "public" or "internal") { input.Visibility = v.Equals("internal", StringComparison.OrdinalIgnoreCase) ? MessageVisibility.Internal : MessageVisibility.Public; } else { errors["visibility"] = ["Use public or internal."]; }
            }

            if (message.Status is { } s)
            {
                if (ParseStatus(s) is { } st) { input.Status = st; } else { errors["status"] = ["Use new, open, pending, onhold, solved or closed."]; }
            }

            if (string.IsNullOrWhiteSpace(message.Body) && files.Count == 0)
            {
                errors["body"] = ["Write the reply or note."];
            }

            var (saved, problem) = await SaveAsync(number, input, errors, validator, files, ct);
            if (saved is not null)
            {
                return Created($"/api/v1/tickets/{number}/messages", Shape(number, saved.Messages.Where(m => m.AuthorAgentId == User.UserId()).MaxBy(m => m.Id)!));
            }

            if (problem is not null || pinned is not null || attempt == AppendTries)
            {
                return problem ?? Conflict(number);
            }
        }
    }

    /// <summary>Validates and saves one update: the saved ticket, or the problem to answer (none for a conflict, which the caller decides on).</summary>
    private async Task<(Ticket? Saved, IActionResult? Problem)> SaveAsync(
        int number, TicketUpdateInput input, Dictionary<string, string[]> errors, IValidator<TicketUpdateInput> validator, IReadOnlyCollection<AttachmentFile>? files, CancellationToken ct)
    {
        foreach (var (field, messages) in Errors(await validator.ValidateAsync(input, ct)))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return (null, Invalid(errors, "The update is not valid"));
        }

        try
        {
            var saved = await tickets.UpdateAsync(number, input, User.UserId(), files, ct);
            Response.Headers.ETag = ETag(saved.Version);
            return (saved, null);
        }
        catch (ConcurrencyConflictException)
        {
            return (null, null);
        }
        catch (NotFoundException ex)
        {
            return (null, Problem(statusCode: 400, title: "Unknown reference", detail: ex.Message));
        }
        catch (DomainException ex)
        {
            return (null, Problem(statusCode: 422, title: "Not allowed for this ticket", detail: ex.Message));
        }
    }

    private ObjectResult Conflict(int number) =>
        Problem(statusCode: 412, title: "Changed since you read it", detail: $"Ticket #{number} changed while this was being saved; read it again.");

    private static TicketStatus? ParseStatus(string value) => QueueStatusFilter.ToStatus(value.ToLowerInvariant());

    private static DateTimeOffset? Due(DateTimeOffset due) => due >= SlaEngine.NoDeadline ? null : due;

    private static string MetricWord(SlaMetric metric) => Kebab(metric.ToString());


    private static ApiMessage Shape(int number, TicketMessage m) => new(
        m.Id, m.IsInternal ? "internal" : "public", m.AuthorName, Word(m.AuthorKind), m.Body, m.CreatedAt,
        m.Attachments.Select(a => new ApiAttachment(a.Id, a.DisplayName, a.ContentType, a.Size, $"/api/v1/tickets/{number}/attachments/{a.Id}")).ToList());

    private static ApiTicket Shape(Ticket t) => new(
        t.Number, t.Subject, Word(t.Status), Word(t.Priority), Word(t.Channel),
        new ApiPerson(t.Requester.Id, t.Requester.Name, t.Requester.Email, t.Requester.OrganizationId), t.AssigneeId, t.GroupId, t.CategoryId,
        [.. t.TagNames], t.CreatedAt, t.UpdatedAt, t.Version, t.MergedInto, Due(t.SlaDueAt));
}
