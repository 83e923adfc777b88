using Helpdesk.Web.Presentation;
using System.Text;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Sla.Simulation;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Helpdesk.Web.Controllers;

[Route("admin/calendars")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminCalendarsController(
    ISlaStore store, SlaAdminService admin, IValidator<CalendarInput> validator, TimeProvider time,
    SlaSimulationService simulator, IValidator<SimulationPeriodInput> periodValidator, TimeDisplay display) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var policies = await store.PoliciesAsync(ct);
        return View(new CalendarListViewModel { Calendars = [.. (await store.CalendarsAsync(ct)).Select(c => CalendarRow.From(c, policies))] });
    }

    [HttpGet("new")]
    public IActionResult New()
    {
        var input = new CalendarInput { Json = CalendarCalculator.Example, Mode = CalendarInput.FormMode };
        CalendarForm.Fill(input, CalendarDefinition.Parse(CalendarCalculator.Example).Calendar!);
        return View("Edit", new CalendarFormViewModel { Input = input });
    }

    [HttpPost("new")]
    public async Task<IActionResult> New(CalendarInput input, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > Limits.CalendarJsonLength * 4L)
            {
                ModelState.AddModelError("Input.Json", $"A calendar's JSON has at most {Limits.CalendarJsonLength:N0} characters.");
                return Invalid(new CalendarFormViewModel { Input = input });
            }

            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            input.Json = await reader.ReadToEndAsync(ct);
            input.Mode = "json";
        }

        if (!await ValidAsync(input, ct))
        {
            return Invalid(new CalendarFormViewModel { Input = input });
        }

        FromForm(input);
        var calendar = await admin.CreateCalendarAsync(input, ct);
        TempData["Notice"] = Words.T("Calendar {0} saved.", calendar.Name);
        return Redirect($"/admin/calendars/{calendar.Id}");
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, string? start, int? minutes, string? from, string? to, CancellationToken ct)
    {
        var calendar = await store.FindCalendarAsync(id, ct);
        if (calendar is null)
        {
            return NotFound();
        }

        var definition = calendar.Definition; // parsed from its JSON on each read
        var model = new CalendarFormViewModel
        {
            Id = id,
            Input = Filled(definition, calendar.Json),
            Calendar = definition,
            // The pickers speak the calendar's own local time; the default is this hour there.
            Start = start ?? CalendarCalculator.ThisHour(calendar.Compiled, Instant.FromDateTimeOffset(time.GetUtcNow())),
            Minutes = minutes ?? 480,
            From = from,
            To = to,
        };
        Calculate(calendar.Compiled, model, start is not null, from is not null && to is not null);
        model.Simulation = SimulationFor(id, SimulationPeriodInput.LastDays(display.Today()));
        return View(model);
    }

    /// <summary>The calendar's page, at its simulator (the form's unsaved changes are the draft).</summary>
    [HttpGet("{id:int}/simulate")]
    public IActionResult Simulate(int id) => Redirect($"/admin/calendars/{id}#simulation");

    /// <summary>
    /// Replays the period's tickets with this calendar as the form now has it (not saved) and as saved, side by side, and shows
    /// the page again with the draft as typed (decision 021). Nothing is written.
    /// </summary>
    [HttpPost("{id:int}/simulate")]
    public async Task<IActionResult> Simulate(int id, CalendarInput input, [Bind(Prefix = "Period")] SimulationPeriodInput period, CancellationToken ct)
    {
        var calendar = await store.FindCalendarAsync(id, ct);
        if (calendar is null)
        {
            return NotFound();
        }

        var valid = await ValidAsync(input, ct);
        var periodCheck = await periodValidator.ValidateAsync(period, ct);
        ModelState.AddErrors(periodCheck, "Period");
        SimulationResult? result = null;
        if (valid && periodCheck.IsValid)
        {
            FromForm(input);
            try
            {
                result = await simulator.CalendarAsync(id, input, display.StartOf(period.From!.Value), display.StartOf(period.To!.Value.AddDays(1)), ct);
            }
            catch (DomainException e)
            {
                ModelState.AddModelError("Period", Words.T(e.Message));
            }
        }

        var model = new CalendarFormViewModel { Id = id, Input = input, Simulation = SimulationFor(id, period, result) };
        if (result is null)
        {
            return Invalid(model);
        }

        return View("Edit", model);
    }

    private static SimulationViewModel SimulationFor(int id, SimulationPeriodInput period, SimulationResult? result = null) => new()
    {
        Action = $"/admin/calendars/{id}/simulate",
        Period = period,
        Result = result,
        Button = ("Input.Mode", CalendarInput.FormMode),
    };

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, CalendarInput input, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct))
        {
            return Invalid(new CalendarFormViewModel { Id = id, Input = input, Simulation = SimulationFor(id, SimulationPeriodInput.LastDays(display.Today())) });
        }

        FromForm(input);
        var calendar = await admin.UpdateCalendarAsync(id, input, ct);
        TempData["Notice"] = Words.T("Calendar {0} saved; running clocks on it are being recomputed.", calendar.Name);
        return Redirect($"/admin/calendars/{id}");
    }

    /// <summary>Deletes a calendar that nothing uses: no policy, active or not, and no ticket's clock.</summary>
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var calendar = await store.FindCalendarAsync(id, ct);
        if (calendar is null)
        {
            return NotFound();
        }

        var (policies, clocks) = await store.CalendarUseAsync(id, ct);
        if (policies > 0 || clocks > 0)
        {
            TempData["Notice"] = Words.T("Calendar {0} is still used by {1} and {2}; it was not deleted.", calendar.Name, Words.Count(policies, "{0} policy", "{0} policies"), Words.Count(clocks, "{0} ticket clock", "{0} ticket clocks"));
            return Redirect($"/admin/calendars/{id}");
        }

        store.Remove(calendar);
        await store.SaveChangesAsync(ct);
        TempData["Notice"] = Words.T("Calendar {0} deleted.", calendar.Name);
        return Redirect("/admin/calendars");
    }

    [HttpGet("{id:int}/export")]
    public async Task<IActionResult> Export(int id, CancellationToken ct)
    {
        var calendar = await store.FindCalendarAsync(id, ct);
        return calendar is null
            ? NotFound()
            : File(Encoding.UTF8.GetBytes(calendar.Json), "application/json", $"{string.Concat(calendar.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-'))}.json");
    }

    private async Task<bool> ValidAsync(CalendarInput input, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        return validation.IsValid;
    }

    private static CalendarInput Filled(CalendarDefinition definition, string json)
    {
        var input = new CalendarInput { Json = json, Mode = CalendarInput.FormMode };
        CalendarForm.Fill(input, definition);
        return input;
    }

    /// <summary>A calendar saved from the form is saved as the JSON the form's fields make.</summary>
    private static void FromForm(CalendarInput input)
    {
        if (input.IsForm)
        {
            input.Json = CalendarForm.Build(input).Json;
        }
    }

    private ViewResult Invalid(CalendarFormViewModel model)
    {
        while (model.Input.Holidays.Count(h => string.IsNullOrWhiteSpace(h.Date)) < CalendarForm.BlankHolidayRows)
        {
            model.Input.Holidays.Add(new HolidayInput());
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", model);
    }

    private void Calculate(BusinessCalendar calendar, CalendarFormViewModel model, bool due, bool between)
    {
        try
        {
            model.DueResult = due ? CalendarCalculator.Due(calendar, model.Start!, model.Minutes) : null;
            model.BetweenResult = between ? CalendarCalculator.Between(calendar, model.From!, model.To!) : null;
        }
        catch (FormatException ex)
        {
            ModelState.AddModelError("Calculator", ex.Message);
        }
    }
}
