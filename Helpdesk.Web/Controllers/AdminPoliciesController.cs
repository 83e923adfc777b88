using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Sla.Simulation;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

[Route("admin/policies")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminPoliciesController(
    ISlaStore store, SlaAdminService admin, IValidator<PolicyInput> validator, ITicketQueries tickets, IDirectoryQueries directory,
    SlaSimulationService simulator, IValidator<SimulationPeriodInput> periodValidator, TimeDisplay display) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var policies = await store.PoliciesAsync(ct);
        var organizations = (await directory.AllOrganizationsAsync(ct)).ToDictionary(o => o.Id, o => o.Name);
        var categories = (await tickets.LookupsAsync(ct)).Categories.ToDictionary(c => c.Id, c => c.Name);
        return View(new PolicyListViewModel { Policies = [.. policies.Select(p => PolicyRow.From(p, policies, organizations, categories))] });
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct)
    {
        var calendars = await store.CalendarsAsync(ct);
        return View("Edit", await FormAsync(null, new PolicyInput { CalendarId = calendars.FirstOrDefault()?.Id ?? 0 }, ct));
    }

    [HttpPost("new")]
    public async Task<IActionResult> New(PolicyInput input, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct))
        {
            return await InvalidAsync(null, input, ct);
        }

        var policy = await admin.CreatePolicyAsync(input, ct);
        TempData["Notice"] = admin.PlacedAbove is { } above
            ? Words.T("Policy {0} saved, placed above {1}, which matches every ticket it does and would otherwise be tried first; unsolved tickets are being recomputed.", policy.Name, above)
            : Words.T("Policy {0} saved; unsolved tickets are being recomputed.", policy.Name);
        return Redirect("/admin/policies");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var policy = await store.FindPolicyAsync(id, ct);
        if (policy is null)
        {
            return NotFound();
        }

        var input = PolicyInput.From(policy);
        var model = await FormAsync(id, input, ct);
        model.RunningClocks = await store.PolicyUseAsync(id, ct);
        model.Simulation = SimulationFor(id, SimulationPeriodInput.LastDays(display.Today()));
        return View(model);
    }

    /// <summary>The policy's page, at its simulator (the form's unsaved changes are the draft).</summary>
    [HttpGet("{id:int}/simulate")]
    public IActionResult Simulate(int id) => Redirect($"/admin/policies/{id}#simulation");

    /// <summary>
    /// Replays the period's tickets under the form as posted (not saved) and under the saved setup, and shows the page again with
    /// the draft as it was typed and the comparison below it (decision 021). Nothing is written.
    /// </summary>
    [HttpPost("{id:int}/simulate")]
    public async Task<IActionResult> Simulate(int id, PolicyInput input, [Bind(Prefix = "Period")] SimulationPeriodInput period, CancellationToken ct)
    {
        if (await store.FindPolicyAsync(id, ct) is null)
        {
            return NotFound();
        }

        var valid = await ValidAsync(input, ct);
        var periodCheck = await periodValidator.ValidateAsync(period, ct);
        ModelState.AddErrors(periodCheck, "Period");
        SimulationResult? result = null;
        if (valid && periodCheck.IsValid)
        {
            try
            {
                result = await simulator.PolicyAsync(id, input, display.StartOf(period.From!.Value), display.StartOf(period.To!.Value.AddDays(1)), ct);
            }
            catch (DomainException e)
            {
                ModelState.AddModelError("Period", Words.T(e.Message));
            }
        }

        if (result is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        var model = await FormAsync(id, input, ct);
        model.RunningClocks = await store.PolicyUseAsync(id, ct);
        model.Simulation = SimulationFor(id, period, result);
        return View("Edit", model);
    }

    private static SimulationViewModel SimulationFor(int id, SimulationPeriodInput period, SimulationResult? result = null) =>
        new() { Action = $"/admin/policies/{id}/simulate", Period = period, Result = result };

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, PolicyInput input, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct))
        {
            return await InvalidAsync(id, input, ct);
        }

        var policy = await admin.UpdatePolicyAsync(id, input, ct);
        TempData["Notice"] = policy.IsActive && policy.ShadowedBy(await store.PoliciesAsync(ct)) is { } shadow
            ? Words.T("Policy {0} saved, but it never applies: {1}, above it, matches every ticket it does. Move it up, or narrow {1}.", policy.Name, shadow.Name)
            : Words.T("Policy {0} saved; unsolved tickets are being recomputed.", policy.Name);
        return Redirect("/admin/policies");
    }

    /// <summary>Deletes a policy (the edit page asks first, saying how many unsolved tickets it moves).</summary>
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var running = await store.PolicyUseAsync(id, ct);
        var policy = await admin.DeletePolicyAsync(id, ct);
        TempData["Notice"] = running == 0
            ? Words.T("Policy {0} deleted. No unsolved ticket was on it.", policy.Name)
            : Words.T("Policy {0} deleted. {1} being moved to the policy that applies next (or cancelled where none does); past clocks keep its name.", policy.Name, Words.Count(running, "The {0} running clock on it is", "The {0} running clocks on it are"));
        return Redirect("/admin/policies");
    }

    [HttpPost("{id:int}/move")]
    public async Task<IActionResult> Move(int id, bool up, CancellationToken ct)
    {
        await admin.MovePolicyAsync(id, up, ct);
        return Redirect("/admin/policies");
    }

    private async Task<bool> ValidAsync(PolicyInput input, CancellationToken ct)
    {
        input.PadTargets();
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        return validation.IsValid;
    }

    private async Task<IActionResult> InvalidAsync(int? id, PolicyInput input, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        var model = await FormAsync(id, input, ct);
        if (id is int saved)
        {
            model.Simulation = SimulationFor(saved, SimulationPeriodInput.LastDays(display.Today()));
        }

        return View("Edit", model);
    }

    private async Task<PolicyFormViewModel> FormAsync(int? id, PolicyInput input, CancellationToken ct)
    {
        var lookups = await tickets.LookupsAsync(ct);
        return new()
        {
            Id = id,
            Input = input,
            Calendars = [.. (await store.CalendarsAsync(ct)).Select(c => new NamedOption(c.Id, c.Name))],
            Organizations = await directory.AllOrganizationsAsync(ct),
            Categories = lookups.Categories,
            Groups = lookups.Groups,
            Agents = lookups.Agents,
        };
    }
}
