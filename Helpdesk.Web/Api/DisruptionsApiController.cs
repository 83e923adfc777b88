using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Helpdesk.Web.Api;

/// <summary>A service disruption: whom it touches and its timeline of updates (each emailed to those it touches).</summary>
public sealed record ApiDisruption(
    int Id, string Title, string Status, bool Everyone, IReadOnlyList<int> CategoryIds, IReadOnlyList<int> OrganizationIds, IReadOnlyList<int> ServiceIds,
    bool Degraded, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<ApiDisruptionUpdate> Updates);

public sealed record ApiDisruptionUpdate(long Id, string Status, string Message, DateTimeOffset At, int Notified);

/// <summary>
/// A declaration. With <c>preview</c> true nothing is declared: the answer says whom it would email and which tickets it
/// would link, as the page's preview does.
/// </summary>
public sealed record ApiNewDisruption(
    string? Title, string? Message, bool Everyone, IReadOnlyList<int>? CategoryIds, IReadOnlyList<int>? OrganizationIds, IReadOnlyList<int>? ServiceIds, bool Degraded, bool Preview);

public sealed record ApiDisruptionPreview(int Customers, int Tickets);

/// <summary>An update: investigating, identified, monitoring or resolved (a resolved disruption posted to again reopens).</summary>
public sealed record ApiNewDisruptionUpdate(string? Status, string? Message);

/// <summary>
/// Disruptions over REST: every staff token reads them; declaring and updating needs a read-write token of a supervisor,
/// as on the page (every update is emailed to the customers it touches).
/// </summary>
[ApiController]
[Tags("Disruptions")]
[Route("api/v1/disruptions")]
[Authorize(AuthenticationSchemes = ApiTokenHandler.SchemeName, Policy = HelpdeskApp.StaffPolicy)]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(ApiLimits.Policy)]
public sealed class DisruptionsApiController(IDisruptionStore store, DisruptionService disruptions, TimeProvider time) : ApiBase
{
    /// <summary>Active disruptions and those ended in the last <paramref name="days"/> days (30 by default, at most 366), newest first.</summary>
    [HttpGet]
    [ProducesResponseType<IReadOnlyList<ApiDisruption>>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List(int days = 30, CancellationToken ct = default)
    {
        if (days is < 1 or > 366)
        {
            return Problem(statusCode: 400, title: "Invalid days", detail: "Ask for 1 to 366 days.");
        }

        var recent = await store.RecentAsync(time.GetUtcNow().AddDays(-days), ct);
        return Ok(recent.OrderByDescending(d => d.StartedAt).Select(Shape).ToList());
    }

    [HttpGet("{id:int}")]
    [ProducesResponseType<ApiDisruption>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Get(int id, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } d ? Ok(Shape(d)) : NotFoundProblem($"disruption {id}");

    /// <summary>Declares a disruption (supervisors, read-write token): customers it touches are emailed, its unsolved tickets linked.</summary>
    [HttpPost]
    [Authorize(Roles = Roles.Supervisor, Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiDisruption>(StatusCodes.Status201Created)]
    [ProducesResponseType<ApiDisruptionPreview>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Declare(ApiNewDisruption disruption, [FromServices] IValidator<DisruptionInput> validator, CancellationToken ct)
    {
        var input = new DisruptionInput
        {
            Title = disruption.Title ?? string.Empty, Message = disruption.Message ?? string.Empty, Everyone = disruption.Everyone,
            CategoryIds = [.. disruption.CategoryIds ?? []], OrganizationIds = [.. disruption.OrganizationIds ?? []], ServiceIds = [.. disruption.ServiceIds ?? []],
            Degraded = disruption.Degraded,
        };
        var validation = await validator.ValidateAsync(input, ct);
        if (!validation.IsValid)
        {
            return Invalid(Errors(validation), "The disruption is not valid");
        }

        try
        {
            if (disruption.Preview)
            {
                var preview = await disruptions.PreviewAsync(input.Title, input.Everyone, input.CategoryIds, input.OrganizationIds, 0, ct);
                return Ok(new ApiDisruptionPreview(preview.Customers, preview.Tickets.Total));
            }

            var declared = await disruptions.DeclareAsync(input.Title, input.Message, input.Everyone, input.CategoryIds, input.OrganizationIds, input.ServiceIds, input.Degraded, ct);
            return Created($"/api/v1/disruptions/{declared.Id}", Shape(declared));
        }
        catch (DomainException ex)
        {
            return Problem(statusCode: 422, title: "Not declared", detail: ex.Message);
        }
    }

    /// <summary>Posts an update (supervisors, read-write token), emailed to the customers the disruption touches; "resolved" ends it.</summary>
    [HttpPost("{id:int}/updates")]
    [Authorize(Roles = Roles.Supervisor, Policy = ApiLimits.WritePolicy)]
    [Consumes("application/json")]
    [ProducesResponseType<ApiDisruption>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<IActionResult> Post(int id, ApiNewDisruptionUpdate update, [FromServices] IValidator<DisruptionPostInput> validator, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is null)
        {
            return NotFoundProblem($"disruption {id}");
        }

        var errors = new Dictionary<string, string[]>();
        var input = new DisruptionPostInput { Message = update.Message ?? string.Empty };
        if (update.Status is not { } s || Parse<DisruptionStatus>(s) is not { } status)
        {
            errors["status"] = ["Use investigating, identified, monitoring or resolved."];
        }
        else
        {
            input.Status = status;
        }

        foreach (var (field, messages) in Errors(await validator.ValidateAsync(input, ct)))
        {
            errors[field] = messages;
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, "The update is not valid");
        }

        try
        {
            await disruptions.PostAsync(id, input.Status, input.Message, ct);
        }
        catch (DomainException ex)
        {
            return Problem(statusCode: 422, title: "Not posted", detail: ex.Message);
        }

        return Created($"/api/v1/disruptions/{id}", Shape((await store.FindAsync(id, ct))!));
    }

    private static ApiDisruption Shape(Disruption d) => new(
        d.Id, d.Title, Word(d.Status), d.Everyone, d.CategoryIds, d.OrganizationIds, d.ServiceIds, d.Degraded, d.StartedAt, d.EndedAt,
        d.Updates.OrderBy(u => u.At).ThenBy(u => u.Id).Select(u => new ApiDisruptionUpdate(u.Id, Word(u.Status), u.Message, u.At, u.Notified)).ToList());
}
