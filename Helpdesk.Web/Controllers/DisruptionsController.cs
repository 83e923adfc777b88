using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Infrastructure;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>Supervisors declare, update and resolve service disruptions; staff can read them.</summary>
[Route("disruptions")]
public sealed class DisruptionsController(
    DisruptionService disruptions, IDisruptionStore store, ITicketQueries tickets, IDirectoryQueries directory,
    IValidator<DisruptionInput> validator, IValidator<DisruptionPostInput> postValidator, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await ModelAsync(new DisruptionInput(), ct));

    [HttpPost("")]
    [Authorize(Roles = Roles.Supervisor)]
    public async Task<IActionResult> Declare(DisruptionInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        if (validation.IsValid)
        {
            try
            {
                var disruption = await disruptions.DeclareAsync(input.Title, input.Message, input.Everyone, input.CategoryIds, input.OrganizationIds, ct);
                TempData["Notice"] = $"Declared; {disruption.Updates.Single().Notified} customer(s) will be emailed.";
                return Redirect($"/disruptions/{disruption.Id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", await ModelAsync(input, ct));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken ct)
    {
        var disruption = await store.FindAsync(id, ct);
        return disruption is null ? NotFound() : View(new DisruptionViewModel { Disruption = disruption, Input = new DisruptionPostInput() });
    }

    [HttpPost("{id:int}")]
    [Authorize(Roles = Roles.Supervisor)]
    public async Task<IActionResult> Post(int id, DisruptionPostInput input, CancellationToken ct)
    {
        var disruption = await store.FindAsync(id, ct);
        if (disruption is null)
        {
            return NotFound();
        }

        var validation = await postValidator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        if (validation.IsValid)
        {
            try
            {
                var update = await disruptions.PostAsync(id, input.Status, input.Message, ct);
                TempData["Notice"] = $"{input.Status}: {update.Notified} customer(s) will be emailed.";
                return Redirect($"/disruptions/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Show", new DisruptionViewModel { Disruption = (await store.FindAsync(id, ct))!, Input = input });
    }

    private async Task<DisruptionsViewModel> ModelAsync(DisruptionInput input, CancellationToken ct) => new()
    {
        Disruptions = await store.RecentAsync(time.GetUtcNow().AddDays(-30), ct),
        Input = input,
        Categories = (await tickets.LookupsAsync(ct)).Categories,
        Organizations = await directory.AllOrganizationsAsync(ct),
    };
}

/// <summary>The public status page: no login, the same words customers got by email.</summary>
[Route("status")]
[AllowAnonymous]
public sealed class StatusController(IDisruptionStore store, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(await store.RecentAsync(time.GetUtcNow().AddDays(-14), ct));
}
