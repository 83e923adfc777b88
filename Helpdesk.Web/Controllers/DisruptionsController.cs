using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>Supervisors declare, update and resolve service disruptions; staff can read them.</summary>
[Route("disruptions")]
public sealed class DisruptionsController(
    DisruptionService disruptions, IDisruptionStore store, ITicketQueries tickets, IDirectoryQueries directory, IServiceStore services,
    IValidator<DisruptionInput> validator, IValidator<DisruptionPostInput> postValidator, IValidator<DisruptionFollowUpInput> followUpValidator,
    TimeProvider time) : Controller
{
    private const int LinkedShown = 200;

    /// <summary>How many of the customers and tickets a declaration would touch are listed before it is confirmed.</summary>
    private const int PreviewShown = 10;

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
                if (!input.Confirmed)
                {
                    // First what it would do: whom it emails, which tickets it links; then the button that does it.
                    var preview = await disruptions.PreviewAsync(input.Title, input.Everyone, input.CategoryIds, input.OrganizationIds, PreviewShown, ct);
                    if (preview.Customers == 0)
                    {
                        throw new DomainException("Nobody is in this scope: no customer has an unsolved ticket there or asked for notices.");
                    }

                    var model = await ModelAsync(input, ct);
                    return View("Index", new DisruptionsViewModel
                    {
                        Disruptions = model.Disruptions, Input = input, Categories = model.Categories, Organizations = model.Organizations, Services = model.Services, Preview = preview,
                    });
                }

                var disruption = await disruptions.DeclareAsync(input.Title, input.Message, input.Everyone, input.CategoryIds, input.OrganizationIds, input.ServiceIds, input.Degraded, ct);
                var linked = await store.LinkedAsync(disruption.Id, 0, ct);
                TempData["Notice"] = Words.T("Declared; {0} will be emailed and {1} linked.", Words.Count(disruption.Updates.Single().Notified, "{0} customer", "{0} customers"), Words.Count(linked.Total, "{0} unsolved ticket is", "{0} unsolved tickets are"));
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
        return disruption is null ? NotFound() : View(await ModelAsync(disruption, new DisruptionPostInput(), new DisruptionFollowUpInput(), ct));
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
                TempData["Notice"] = Words.T("{0}: {1} will be emailed.", Words.T(input.Status.Label()), Words.Count(update.Notified, "{0} customer", "{0} customers"));
                return Redirect($"/disruptions/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Show", await ModelAsync((await store.FindAsync(id, ct))!, input, new DisruptionFollowUpInput(), ct));
    }

    /// <summary>After the resolution: one reply to every unsolved linked ticket, optionally solving them.</summary>
    [HttpPost("{id:int}/follow-up")]
    [Authorize(Roles = Roles.Supervisor)]
    public async Task<IActionResult> FollowUp(int id, [Bind(Prefix = "FollowUp")] DisruptionFollowUpInput input, CancellationToken ct)
    {
        var disruption = await store.FindAsync(id, ct);
        if (disruption is null)
        {
            return NotFound();
        }

        var validation = await followUpValidator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation, "FollowUp");
        if (validation.IsValid)
        {
            try
            {
                var count = await disruptions.FollowUpAsync(id, input.Message, input.Solve, User.UserId(), ct);
                TempData["Notice"] = input.Solve ? Words.T("Replied to {0} and solved them.", Words.Count(count, "{0} ticket", "{0} tickets")) : Words.T("Replied to {0}.", Words.Count(count, "{0} ticket", "{0} tickets"));
                return Redirect($"/disruptions/{id}");
            }
            catch (DomainException ex)
            {
                ModelState.AddModelError("FollowUp", ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Show", await ModelAsync((await store.FindAsync(id, ct))!, new DisruptionPostInput(), input, ct));
    }

    private async Task<DisruptionViewModel> ModelAsync(Disruption disruption, DisruptionPostInput input, DisruptionFollowUpInput followUp, CancellationToken ct) => new()
    {
        Disruption = DisruptionSummary.From(disruption),
        Scope = DisruptionSummary.Scope(disruption, (await tickets.LookupsAsync(ct)).Categories, await directory.AllOrganizationsAsync(ct)),
        ServicesAffected = disruption.ServiceIds.Count == 0 ? null
            : Words.T(disruption.Degraded ? "degrades {0}" : "takes down {0}", string.Join(", ", (await services.AllAsync(ct)).Where(s => disruption.ServiceIds.Contains(s.Id)).Select(s => s.Name))),
        Input = input,
        FollowUp = followUp,
        Linked = await store.LinkedAsync(disruption.Id, LinkedShown, ct),
    };

    private async Task<DisruptionsViewModel> ModelAsync(DisruptionInput input, CancellationToken ct) => new()
    {
        Disruptions = [.. (await store.RecentAsync(time.GetUtcNow().AddDays(-30), ct)).Select(DisruptionSummary.From)],
        Input = input,
        Categories = (await tickets.LookupsAsync(ct)).Categories,
        Organizations = await directory.AllOrganizationsAsync(ct),
        Services = [.. (await services.AllAsync(ct)).Where(s => s.IsActive).Select(s => new NamedOption(s.Id, s.Name))],
    };
}

/// <summary>
/// The public status page: no login, the same words customers got by email, for disruptions declared for everyone
/// only. One scoped to some organizations or categories names who is affected; it reaches them by email.
/// </summary>
[Route("status")]
[AllowAnonymous]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Helpdesk.Web.Hosting.WebSecurity.PublicRateLimit)]
public sealed class StatusController(IDisruptionStore store, Helpdesk.Core.Availability.AvailabilityReport availability, TimeProvider time) : Controller
{
    /// <summary>The days of history drawn for each service.</summary>
    public const int HistoryDays = 90;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new StatusViewModel
    {
        Services = await availability.HistoryAsync(HistoryDays, ct),
        Disruptions = [.. (await store.RecentAsync(time.GetUtcNow().AddDays(-14), ct, everyoneOnly: true)).Select(DisruptionSummary.From)],
    });
}
