using Helpdesk.Web.Presentation;
using FluentValidation;
using Helpdesk.Core.Automations;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>Automations on time (issue 20; decision 020): the list, the form, and the preview of a mass change before it is saved.</summary>
[Route("admin/automations")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminAutomationsController(AutomationAdmin admin, ISlaStore sla, ITicketQueries tickets, IValidator<AutomationInput> validator) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) => View(new AutomationListViewModel
    {
        Automations = await admin.AllAsync(ct),
        RecentRuns = await admin.RecentRunsAsync(ct),
        Calendars = (await sla.CalendarsAsync(ct)).ToDictionary(c => c.Id, c => c.Name),
        Groups = (await tickets.LookupsAsync(ct)).Groups.ToDictionary(g => g.Id, g => g.Name),
    });

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken ct) => View("Edit", await FormAsync(null, new AutomationInput
    {
        Name = "Remind the customer",
        EmailSubject = "Waiting for your reply: {{ ticket.subject }}",
        EmailBody = "Hello {{ requester.first_name }},\n\nwe are waiting for your answer on ticket #{{ ticket.number }}. Reply to this email and we will carry on.",
        AddTags = "reminded",
        WithoutTag = "reminded",
    }, ct));

    [HttpPost("new")]
    public Task<IActionResult> New(AutomationInput input, CancellationToken ct) => SaveAsync(null, input, ct);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken ct) => View(await FormAsync(id, AutomationInput.From(await admin.FindAsync(id, ct)), ct));

    [HttpPost("{id:int}")]
    public Task<IActionResult> Edit(int id, AutomationInput input, CancellationToken ct) => SaveAsync(id, input, ct);

    /// <summary>Deleting asks first (the list's button confirms); the record of where it ran goes with it.</summary>
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var automation = await admin.FindAsync(id, ct);
        await admin.DeleteAsync(id, ct);
        TempData["Notice"] = Words.T("Automation {0} deleted.", automation.Name);
        return Redirect("/admin/automations");
    }

    /// <summary>
    /// Saves, unless an active automation would act on tickets at its next run and the admin has not seen how many:
    /// then the form comes back with that number and samples, and a second press saves.
    /// </summary>
    private async Task<IActionResult> SaveAsync(int? id, AutomationInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        if (validation.IsValid)
        {
            try
            {
                var draft = await admin.DraftAsync(input, id, ct);
                var due = draft.IsActive ? await admin.DueNowAsync(draft, ct) : [];
                if (due.Count > 0 && input.Confirmed != due.Count)
                {
                    return View("Edit", await FormAsync(id, input, ct) with { DueNow = due });
                }

                var saved = await admin.SaveAsync(input, id, ct);
                TempData["Notice"] = due.Count > 0
                    ? Words.T("Automation {0} saved. It acts on {1} at its next run.", saved.Name, Words.Count(due.Count, "{0} ticket", "{0} tickets"))
                    : Words.T("Automation {0} saved.", saved.Name);
                return Redirect("/admin/automations");
            }
            catch (DomainException ex) when (ex is not NotFoundException)
            {
                ModelState.AddModelError("Input.Name", ex.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await FormAsync(id, input, ct));
    }

    private async Task<AutomationFormViewModel> FormAsync(int? id, AutomationInput input, CancellationToken ct) => new()
    {
        Id = id,
        Input = input,
        Calendars = [.. (await sla.CalendarsAsync(ct)).Select(c => new NamedOption(c.Id, c.Name))],
        Groups = (await tickets.LookupsAsync(ct)).Groups,
    };
}
