using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Helpdesk.Web.Api;

/// <summary>A ticket as the API gives it.</summary>
public sealed record ApiTicket(
    int Number, string Subject, string Status, string Priority, string Channel, ApiPerson Requester, string? AssigneeId, int? GroupId,
    int? CategoryId, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, int? MergedInto);

public sealed record ApiPerson(int Id, string? Name, string Email, int? OrganizationId);

/// <summary>A line of the ticket list.</summary>
public sealed record ApiTicketRow(int Number, string Subject, string Status, string Priority, string RequesterEmail, string? AssigneeName, string? GroupName, DateTimeOffset UpdatedAt, DateTimeOffset? SlaDueAt, int Version);

/// <summary>A page of the list, newest first, and the cursor of the next one (null at the end).</summary>
public sealed record ApiTicketPage(IReadOnlyList<ApiTicketRow> Items, string? Next);

/// <summary>The fields an update changes; those left out stay as they are.</summary>
public sealed record ApiTicketUpdate(string? Status, string? Priority, string? AssigneeId, int? GroupId, int? CategoryId, string? Tags);

/// <summary>
/// Tickets over REST (decision 021): JSON, errors as RFC 9457 problem details, the ticket's version as its ETag (a write
/// needs If-Match with it: a stale one is 412, none is 428), cursor pages. Every call acts as the token's user.
/// </summary>
[ApiController]
[Tags("Tickets")]
[Route("api/v1/tickets")]
[Authorize(AuthenticationSchemes = ApiTokenHandler.SchemeName, Policy = HelpdeskApp.StaffPolicy)]
[IgnoreAntiforgeryToken] // a bearer token, never a cookie: a browser cannot send it by itself
[EnableRateLimiting(ApiLimits.Policy)]
public sealed class TicketsApiController(ITicketQueries queries, TicketService tickets, TimeProvider time) : ControllerBase
{
    /// <summary>Tickets the queue's filters match, newest first, <paramref name="limit"/> at a time.</summary>
    /// <param name="status">unsolved (default), new, open, pending, onhold, solved, closed or all.</param>
    /// <param name="priority">urgent, high, normal or low.</param>
    /// <param name="assignee">me, unassigned, anyone (default) or a user id.</param>
    /// <param name="group">a group id.</param>
    /// <param name="sla">breached or at-risk.</param>
    /// <param name="cursor">the "next" of the page before.</param>
    /// <param name="limit">1 to 100 (default 25).</param>
    [HttpGet]
    [ProducesResponseType<ApiTicketPage>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List(string? status, string? priority, string? assignee, int? group, string? sla, string? cursor, int limit = 25, CancellationToken ct = default)
    {
        if (limit is < 1 or > QueueQuery.MaxPageSize)
        {
            return Problem(statusCode: 400, title: "Invalid limit", detail: $"Ask for 1 to {QueueQuery.MaxPageSize} tickets at a time.");
        }

        int? before = null;
        if (cursor is not null)
        {
            if (!int.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c) || c < 1)
            {
                return Problem(statusCode: 400, title: "Invalid cursor", detail: "Pass the \"next\" of the page before, as it came.");
            }

            before = c;
        }

        var statusFilter = status?.ToLowerInvariant() ?? QueueStatusFilter.Unsolved;
        if (statusFilter is not (QueueStatusFilter.All or QueueStatusFilter.Unsolved) && QueueStatusFilter.ToStatus(statusFilter) is null)
        {
            return Problem(statusCode: 400, title: "Invalid status", detail: "Use unsolved, new, open, pending, onhold, solved, closed or all.");
        }

        TicketPriority? priorityFilter = null;
        if (priority is not null)
        {
            if (ParsePriority(priority) is not { } p)
            {
                return Problem(statusCode: 400, title: "Invalid priority", detail: "Use urgent, high, normal or low.");
            }

            priorityFilter = p;
        }

        if (sla is not (null or QueueSlaFilter.Breached or QueueSlaFilter.AtRisk))
        {
            return Problem(statusCode: 400, title: "Invalid SLA filter", detail: "Use breached or at-risk.");
        }

        var query = new QueueQuery { Status = statusFilter, Priority = priorityFilter, Assignee = assignee ?? QueueAssigneeFilter.Anyone, GroupId = group, Sla = sla };
        var rows = await queries.BeforeAsync(query, User.UserId(), time.GetUtcNow(), before, limit + 1, ct);
        var items = rows.Take(limit).Select(r => new ApiTicketRow(
            r.Number, r.Subject, Words(r.Status), r.Priority.ToString().ToLowerInvariant(), r.RequesterEmail, r.AssigneeName, r.GroupName, r.UpdatedAt,
            r.SlaDueAt >= Core.Sla.SlaEngine.NoDeadline ? null : r.SlaDueAt, r.Version)).ToList();
        var next = rows.Count > limit ? items[^1].Number.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Ok(new ApiTicketPage(items, next));
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
            return Problem(statusCode: 404, title: "Not found", detail: $"There is no ticket #{number}.");
        }

        var etag = ETag(ticket.Version);
        Response.Headers.ETag = etag;
        if (Request.Headers.IfNoneMatch.ToString() == etag)
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        return Ok(Shape(ticket));
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
            return Problem(statusCode: 404, title: "Not found", detail: $"There is no ticket #{number}.");
        }

        if (IfMatch() is not int version)
        {
            return Problem(statusCode: 428, title: "If-Match needed", detail: "Send the ticket's ETag in If-Match, so that a change made since you read it is not overwritten.");
        }

        if (version != ticket.Version)
        {
            Response.Headers.ETag = ETag(ticket.Version);
            return Problem(statusCode: 412, title: "The ticket changed", detail: $"Ticket #{number} is at version {ticket.Version} now; read it again and decide.");
        }

        var input = Presentation.TicketPage.Form(ticket);
        var errors = new Dictionary<string, string[]>();
        if (update.Status is { } s)
        {
            if (ParseStatus(s) is { } st) { input.Status = st; } else { errors["status"] = ["Use new, open, pending, onhold, solved or closed."]; }
        }

        if (update.Priority is { } p)
        {
            if (ParsePriority(p) is { } pr) { input.Priority = pr; } else { errors["priority"] = ["Use urgent, high, normal or low."]; }
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

        foreach (var failure in (await validator.ValidateAsync(input, ct)).Errors)
        {
            errors[JsonName(failure.PropertyName)] = [failure.ErrorMessage];
        }

        if (errors.Count > 0)
        {
            return ValidationProblem(new ValidationProblemDetails(errors) { Status = 400, Title = "The update is not valid" });
        }

        try
        {
            var saved = await tickets.UpdateAsync(number, input, User.UserId(), ct: ct);
            Response.Headers.ETag = ETag(saved.Version);
            return Ok(Shape(saved));
        }
        catch (ConcurrencyConflictException)
        {
            return Problem(statusCode: 412, title: "The ticket changed", detail: $"Ticket #{number} changed while this update was being saved; read it again.");
        }
        catch (NotFoundException ex)
        {
            return Problem(statusCode: 400, title: "Unknown reference", detail: ex.Message);
        }
        catch (DomainException ex)
        {
            return Problem(statusCode: 422, title: "Not allowed for this ticket", detail: ex.Message);
        }
    }

    private static string ETag(int version) => $"\"{version}\"";

    private int? IfMatch()
    {
        var value = Request.Headers.IfMatch.ToString().Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return value.Length > 2 && value[0] == '"' && value[^1] == '"' && int.TryParse(value[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    /// <summary>A priority by its name (any case); numbers are not names.</summary>
    private static TicketPriority? ParsePriority(string value) =>
        !int.TryParse(value, out _) && Enum.TryParse<TicketPriority>(value, ignoreCase: true, out var p) && Enum.IsDefined(p) ? p : null;

    private static TicketStatus? ParseStatus(string value) => value.ToLowerInvariant() is var v && QueueStatusFilter.ToStatus(v) is { } status ? status : null;

    private static string Words(TicketStatus status) => status.ToString().ToLowerInvariant();

    private static string JsonName(string property) => property.Length == 0 ? property : char.ToLowerInvariant(property[0]) + property[1..];

    private static ApiTicket Shape(Ticket t) => new(
        t.Number, t.Subject, Words(t.Status), t.Priority.ToString().ToLowerInvariant(), t.Channel.ToString().ToLowerInvariant(),
        new ApiPerson(t.Requester.Id, t.Requester.Name, t.Requester.Email, t.Requester.OrganizationId), t.AssigneeId, t.GroupId, t.CategoryId,
        [.. t.TagNames], t.CreatedAt, t.UpdatedAt, t.Version, t.MergedInto);
}
