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

/// <summary>The services customers rely on and their availability targets (issue 19; decision 019).</summary>
[Route("admin/services")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminServicesController(IServiceStore store, ServiceCatalog catalog, ISlaStore sla, IDirectoryQueries directory, IValidator<ServiceInput> validator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var calendars = (await sla.CalendarsAsync(ct)).ToDictionary(c => c.Id, c => c.Name);
        var organizations = (await directory.AllOrganizationsAsync(ct)).ToDictionary(o => o.Id, o => o.Name);
        return View(new ServiceListViewModel { Services = [.. (await store.AllAsync(ct)).Select(s => ServiceRow.From(s, calendars, organizations))] });
    }

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) => View("Edit", await FormAsync(null, new ServiceInput().Padded(), ct));

    [HttpPost("new")]
    public async Task<IActionResult> New(ServiceInput input, CancellationToken ct) =>
        await SaveAsync(null, input, () => catalog.CreateAsync(input, ct), ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } service ? View(await FormAsync(id, ServiceInput.From(service), ct)) : NotFound();

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, ServiceInput input, CancellationToken ct) =>
        await SaveAsync(id, input, () => catalog.UpdateAsync(id, input, ct), ct);

    private async Task<IActionResult> SaveAsync(int? id, ServiceInput input, Func<Task<Service>> save, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        if (validation.IsValid)
        {
            try
            {
                var service = await save();
                TempData["Notice"] = Words.T("Service {0} saved.", service.Name);
                return Redirect("/admin/services");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddModelError("Input.Name", ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await FormAsync(id, input.Padded(), ct));
    }

    private async Task<ServiceFormViewModel> FormAsync(int? id, ServiceInput input, CancellationToken ct) => new()
    {
        Id = id,
        Input = input,
        Calendars = [.. (await sla.CalendarsAsync(ct)).Select(c => new NamedOption(c.Id, c.Name))],
        Organizations = await directory.AllOrganizationsAsync(ct),
    };
}
