using System.Text.Json;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Sla.Simulation;
using Helpdesk.Core.Validation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Helpdesk.Web.Api;

/// <summary>One target of a draft: a metric ("first-response", "next-response", "resolution"), a priority, and minutes (null: no target).</summary>
public sealed record ApiTarget(string Metric, string Priority, int? Minutes);

/// <summary>What a policy draft changes; anything left out stays as saved. Targets named replace those cells only.</summary>
public sealed record ApiPolicyDraft(
    int? CalendarId, IReadOnlyList<ApiTarget>? Targets, IReadOnlyList<int>? WarnPercents, IReadOnlyList<string>? PauseStatuses, bool? PauseDuringDisruptions, bool? IsActive);

/// <summary>A policy simulation: the tickets created from <c>from</c> to <c>to</c> (UTC days, both included) under the draft.</summary>
public sealed record ApiPolicySimulation(DateOnly? From, DateOnly? To, ApiPolicyDraft? Draft);

/// <summary>A calendar simulation: the draft is a whole calendar definition, as the calendar's JSON export has it.</summary>
public sealed record ApiCalendarSimulation(DateOnly? From, DateOnly? To, JsonElement? Definition);

public sealed record ApiSimulationSide(
    double? Achievement, int Met, int Missed, int Warnings, int Breaches, int Reminders, IReadOnlyDictionary<string, double?> MedianMinutesToBreach);

public sealed record ApiSimulationCell(string Metric, string Priority, int CurrentMet, int CurrentMissed, int DraftMet, int DraftMissed);

public sealed record ApiSimulationChange(
    int Number, string Subject, string Metric, int Cycle, string Priority, int? CurrentTargetMinutes, double CurrentUsedMinutes, int? DraftTargetMinutes, double DraftUsedMinutes);

public sealed record ApiSimulationRecord(int Clocks, int Reproduced, IReadOnlyList<int> NotReproduced);

/// <summary>
/// The draft and the saved setup side by side over the period: achievement, escalations and median time to breach on each side,
/// per metric and priority, the clocks the draft would miss that are met now (breachesGained) and the reverse, and how many recorded
/// clocks the saved setup's replay reproduces.
/// </summary>
public sealed record ApiSimulation(
    string Draft, DateTimeOffset From, DateTimeOffset To, DateTimeOffset JudgedAt, int Tickets, ApiSimulationSide Current, ApiSimulationSide Proposed,
    IReadOnlyList<ApiSimulationCell> Cells, int BreachesGainedCount, IReadOnlyList<ApiSimulationChange> BreachesGained, int BreachesLostCount,
    IReadOnlyList<ApiSimulationChange> BreachesLost, ApiSimulationRecord Recorded, double Seconds);

/// <summary>
/// The SLA simulator over REST (decision 021), for admins as on the policy and calendar pages. A simulation reads and computes only:
/// a read token may run it.
/// </summary>
[ApiController]
[Tags("SLA simulations")]
[Route("api/v1/sla")]
[Authorize(AuthenticationSchemes = ApiTokenHandler.SchemeName, Policy = HelpdeskApp.StaffPolicy, Roles = Roles.Admin)]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(ApiLimits.Policy)]
public sealed class SimulationsApiController(ISlaStore store, SlaSimulationService simulator, IValidator<SimulationPeriodInput> periodValidator) : ApiBase
{
    /// <summary>Replays the period under a draft of the policy (changes given in <c>draft</c>) and under the saved setup.</summary>
    [HttpPost("policies/{id:int}/simulation")]
    [Consumes("application/json")]
    [ProducesResponseType<ApiSimulation>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Policy(int id, ApiPolicySimulation request, [FromServices] IValidator<PolicyInput> validator, CancellationToken ct)
    {
        var saved = await store.FindPolicyAsync(id, ct);
        if (saved is null)
        {
            return NotFoundProblem($"policy {id}");
        }

        var errors = await PeriodErrorsAsync(request.From, request.To, ct);
        var input = PolicyInput.From(saved);
        if (request.Draft is { } draft)
        {
            Change(input, draft, errors);
        }

        input.PadTargets();
        if (errors.Count == 0)
        {
            foreach (var (field, messages) in Errors(await validator.ValidateAsync(input, ct)))
            {
                errors["draft." + field] = messages;
            }
        }

        return errors.Count > 0
            ? Invalid(errors)
            : await RunAsync(() => simulator.PolicyAsync(id, input, Start(request.From), Start(request.To!.Value.AddDays(1)), ct));
    }

    /// <summary>Replays the period with the calendar replaced by <c>definition</c> and with it as saved.</summary>
    [HttpPost("calendars/{id:int}/simulation")]
    [Consumes("application/json")]
    [ProducesResponseType<ApiSimulation>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity)]
    public async Task<IActionResult> Calendar(int id, ApiCalendarSimulation request, CancellationToken ct)
    {
        if (await store.FindCalendarAsync(id, ct) is null)
        {
            return NotFoundProblem($"calendar {id}");
        }

        var errors = await PeriodErrorsAsync(request.From, request.To, ct);
        var json = request.Definition is { ValueKind: JsonValueKind.Object } d ? d.GetRawText() : null;
        if (json is null || json.Length > Limits.CalendarJsonLength)
        {
            errors["definition"] = [$"Give the calendar's definition as an object, as its export has it (at most {Limits.CalendarJsonLength} characters)."];
        }
        else if (CalendarDefinition.Parse(json).Errors is { Count: > 0 } problems)
        {
            errors["definition"] = [.. problems];
        }

        return errors.Count > 0
            ? Invalid(errors)
            : await RunAsync(() => simulator.CalendarAsync(id, new CalendarInput { Json = json!, Mode = "json" }, Start(request.From), Start(request.To!.Value.AddDays(1)), ct));
    }

    private async Task<Dictionary<string, string[]>> PeriodErrorsAsync(DateOnly? from, DateOnly? to, CancellationToken ct) =>
        Errors(await periodValidator.ValidateAsync(new SimulationPeriodInput { From = from, To = to }, ct));

    private static DateTimeOffset Start(DateOnly? day) => new(day!.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private void Change(PolicyInput input, ApiPolicyDraft draft, Dictionary<string, string[]> errors)
    {
        if (draft.CalendarId is int calendar)
        {
            input.CalendarId = calendar;
        }

        if (draft.IsActive is bool active)
        {
            input.IsActive = active;
        }

        if (draft.PauseDuringDisruptions is bool pause)
        {
            input.PauseDuringDisruptions = pause;
        }

        if (draft.WarnPercents is { } warn)
        {
            input.WarnPercents = string.Join(", ", warn);
        }

        if (draft.PauseStatuses is { } statuses)
        {
            var parsed = statuses.Select(ParseWord<TicketStatus>).ToList();
            if (parsed.Any(s => s is null))
            {
                errors["draft.pauseStatuses"] = ["Use open, pending or on-hold."];
            }

            input.PauseStatuses = [.. parsed.OfType<TicketStatus>()];
        }

        input.PadTargets();
        foreach (var target in draft.Targets ?? [])
        {
            if (ParseWord<SlaMetric>(target.Metric) is not { } metric || ParseWord<TicketPriority>(target.Priority) is not { } priority)
            {
                errors["draft.targets"] = ["Each target names a metric (first-response, next-response, resolution) and a priority (low, normal, high, urgent)."];
                continue;
            }

            input.Targets[((int)metric * Enum.GetValues<TicketPriority>().Length) + (int)priority] =
                target.Minutes?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private async Task<IActionResult> RunAsync(Func<Task<SimulationResult>> run)
    {
        try
        {
            return Ok(Shape(await run()));
        }
        catch (NotFoundException ex)
        {
            return Problem(statusCode: 400, title: "Unknown reference", detail: ex.Message);
        }
        catch (DomainException ex)
        {
            return Problem(statusCode: 422, title: "Cannot simulate", detail: ex.Message);
        }
    }

    private static ApiSimulation Shape(SimulationResult r)
    {
        ApiSimulationSide Side(bool draft) => new(
            draft ? r.AchievementDraft : r.AchievementCurrent,
            draft ? r.MetDraft : r.MetCurrent,
            draft ? r.MissedDraft : r.MissedCurrent,
            (draft ? r.DraftEscalations : r.CurrentEscalations).Warnings,
            (draft ? r.DraftEscalations : r.CurrentEscalations).Breaches,
            (draft ? r.DraftEscalations : r.CurrentEscalations).Reminders,
            r.MedianToBreach.ToDictionary(m => Kebab(m.Key.ToString()), m => (draft ? m.Value.Draft : m.Value.Current) is { } t ? Math.Round(t.TotalMinutes, 2) : (double?)null));
        ApiSimulationChange Change(SimulationChange c) => new(
            c.Number, c.Subject, Kebab(c.Metric.ToString()), c.Cycle, Word(c.Priority),
            c.CurrentTargetMinutes, Math.Round(c.CurrentUsed.TotalMinutes, 2), c.DraftTargetMinutes, Math.Round(c.DraftUsed.TotalMinutes, 2));
        return new ApiSimulation(
            r.Draft, r.From, r.To, r.Now, r.Tickets, Side(false), Side(true),
            [.. r.Cells.Select(c => new ApiSimulationCell(Kebab(c.Metric.ToString()), Word(c.Priority), c.CurrentMet, c.CurrentMissed, c.DraftMet, c.DraftMissed))],
            r.GainedCount, [.. r.Gained.Select(Change)], r.LostCount, [.. r.Lost.Select(Change)],
            new ApiSimulationRecord(r.RecordedClocks, r.Reproduced, r.NotReproduced), Math.Round(r.Elapsed.TotalSeconds, 3));
    }
}
