using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>Macros: every agent's own, and the shared ones that admins manage.</summary>
[Route("macros")]
public sealed class MacrosController(MacroService macros, ITicketQueries tickets, IValidator<MacroInput> validator) : Controller
{
    private bool Admin => User.IsInRole(Roles.Admin);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new MacroListViewModel { Macros = await macros.AvailableToAsync(User.UserId(), ct), ViewerId = User.UserId(), Admin = Admin, Lookups = await tickets.LookupsAsync(ct) });

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) => View("Edit", await FormAsync(null, new MacroInput(), ct));

    [HttpPost("new")]
    public async Task<IActionResult> New(MacroInput input, CancellationToken ct) =>
        await SaveAsync(null, input, () => macros.CreateAsync(input, User.UserId(), Admin, ct), ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct)
    {
        var macro = await macros.EditableAsync(id, User.UserId(), Admin, ct);
        return View(await FormAsync(id, new MacroInput
        {
            Name = macro.Name, Body = macro.Body, Internal = macro.Internal, Status = macro.Status, Priority = macro.Priority, GroupId = macro.GroupId,
            AssignToSelf = macro.AssignToSelf, AddTags = macro.AddTags, Shared = macro.IsShared,
        }, ct));
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, MacroInput input, CancellationToken ct) =>
        await SaveAsync(id, input, () => macros.UpdateAsync(id, input, User.UserId(), Admin, ct), ct);

    /// <summary>Deleting asks first (the list's button confirms), then removes the macro.</summary>
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var macro = await macros.EditableAsync(id, User.UserId(), Admin, ct);
        await macros.DeleteAsync(id, User.UserId(), Admin, ct);
        TempData["Notice"] = Words.T("Macro {0} deleted.", macro.Name);
        return Redirect("/macros");
    }

    private async Task<IActionResult> SaveAsync(int? id, MacroInput input, Func<Task<Macro>> save, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        if (validation.IsValid)
        {
            try
            {
                var macro = await save();
                TempData["Notice"] = Words.T("Macro {0} saved.", macro.Name);
                return Redirect("/macros");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddModelError("Input.Name", ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await FormAsync(id, input, ct));
    }

    private async Task<MacroFormViewModel> FormAsync(int? id, MacroInput input, CancellationToken ct) =>
        new() { Id = id, Input = input, Lookups = await tickets.LookupsAsync(ct), Admin = Admin };
}
