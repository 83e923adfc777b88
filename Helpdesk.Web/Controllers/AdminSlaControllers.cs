using System.Globalization;
using System.Text;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Infrastructure;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Web.Controllers;

[Route("admin/calendars")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminCalendarsController(ISlaStore store, SlaAdminService admin, IValidator<CalendarInput> validator, TimeProvider time) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new CalendarListViewModel { Calendars = await store.CalendarsAsync(ct), Policies = await store.PoliciesAsync(ct) });

    [HttpGet("new")]
    public IActionResult New()
    {
        var input = new CalendarInput { Json = Template, Mode = CalendarInput.FormMode };
        CalendarForm.Fill(input, CalendarDefinition.Parse(Template).Calendar!);
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
        TempData["Notice"] = $"Calendar {calendar.Name} saved.";
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
        var now = Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(calendar.Compiled.Zone).LocalDateTime;
        var model = new CalendarFormViewModel
        {
            Id = id,
            Input = Filled(definition, calendar.Json),
            Calendar = definition,
            // The pickers speak the calendar's own local time; the default is this hour there.
            Start = start ?? LocalPicker.Format(now.PlusMinutes(-now.Minute)),
            Minutes = minutes ?? 480,
            From = from,
            To = to,
        };
        Calculate(calendar.Compiled, model, start is not null, from is not null && to is not null);
        return View(model);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, CalendarInput input, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct))
        {
            return Invalid(new CalendarFormViewModel { Id = id, Input = input });
        }

        FromForm(input);
        var calendar = await admin.UpdateCalendarAsync(id, input, ct);
        TempData["Notice"] = $"Calendar {calendar.Name} saved; running clocks on it are being recomputed.";
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
            TempData["Notice"] = $"Calendar {calendar.Name} is still used by {policies} polic{(policies == 1 ? "y" : "ies")} and {clocks} ticket clock(s); it was not deleted.";
            return Redirect($"/admin/calendars/{id}");
        }

        store.Remove(calendar);
        await store.SaveChangesAsync(ct);
        TempData["Notice"] = $"Calendar {calendar.Name} deleted.";
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

    /// <summary>What a date-and-time picker sends ("2026-03-27T16:30"), as the calendar's local time (a time skipped by a
    /// clock change moves forward, a repeated one takes the earlier); or an instant with its offset, as the command line takes it.</summary>
    private static Instant Read(string text, DateTimeZone zone)
    {
        var local = LocalPicker.Parse(text.Trim());
        return local.Success ? local.Value.InZoneLeniently(zone).ToInstant() : InstantText.Parse(text);
    }

    private static readonly LocalDateTimePattern LocalPicker = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");

    private void Calculate(BusinessCalendar calendar, CalendarFormViewModel model, bool due, bool between)
    {
        try
        {
            if (due)
            {
                var start = Read(model.Start!, calendar.Zone);
                var result = calendar.Due(start, Duration.FromMinutes(Math.Max(0, model.Minutes)));
                model.DueResult = $"{result.InZone(calendar.Zone).LocalDateTime.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} {calendar.Zone.Id} time ({InstantPattern.General.Format(result)})";
            }

            if (between)
            {
                var minutes = (long)calendar.Between(Read(model.From!, calendar.Zone), Read(model.To!, calendar.Zone)).TotalMinutes;
                model.BetweenResult = $"{minutes.ToString(CultureInfo.InvariantCulture)} business minutes ({SlaEngine.Format(TimeSpan.FromMinutes(minutes))})";
            }
        }
        catch (FormatException ex)
        {
            ModelState.AddModelError("Calculator", ex.Message);
        }
    }


    private const string Template = """
        {
          "name": "Office hours",
          "timeZone": "Europe/Lisbon",
          "week": {
            "monday": [["09:00", "17:00"]],
            "tuesday": [["09:00", "17:00"]],
            "wednesday": [["09:00", "17:00"]],
            "thursday": [["09:00", "17:00"]],
            "friday": [["09:00", "17:00"]],
            "saturday": [],
            "sunday": []
          },
          "holidays": [
            {"date": "2026-12-25"},
            {"date": "2026-12-24", "open": [["09:00", "13:00"]]}
          ]
        }
        """;
}

[Route("admin/policies")]
[Authorize(Roles = Roles.Admin)]
public sealed class AdminPoliciesController(ISlaStore store, SlaAdminService admin, IValidator<PolicyInput> validator, ITicketQueries tickets, IDirectoryQueries directory) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken ct) =>
        View(new PolicyListViewModel { Policies = await store.PoliciesAsync(ct) });

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
            ? $"Policy {policy.Name} saved, placed above {above}, which matches every ticket it does and would otherwise be tried first; unsolved tickets are being recomputed."
            : $"Policy {policy.Name} saved; unsolved tickets are being recomputed.";
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

        var input = new PolicyInput
        {
            Name = policy.Name,
            CalendarId = policy.CalendarId,
            IsActive = policy.IsActive,
            Priorities = [.. policy.Priorities],
            Channels = [.. policy.Channels],
            OrganizationIds = [.. policy.OrganizationIds],
            CategoryIds = [.. policy.CategoryIds],
            PauseStatuses = [.. policy.PauseStatuses],
            PauseDuringDisruptions = policy.PausesDuringDisruptions,
            WarnPercents = string.Join(", ", policy.WarnPercents),
            Levels = [.. policy.LevelActions.Select(a => new LevelActionInput
            {
                Level = a.Level, Alert = a.AlertSupervisors, RaisePriority = a.RaisePriority, GroupId = a.GroupId, AgentId = a.AgentId, Tag = a.Tag,
            })],
            ReminderEveryMinutes = policy.ReminderEveryMinutes,
            ReminderLimit = policy.ReminderEveryMinutes is null ? 3 : policy.ReminderLimit,
        };
        foreach (var target in policy.Targets)
        {
            input.Targets[PolicyInput.Cell(target.Metric, target.Priority)] = SlaEngine.Format(target.Minutes);
        }

        var model = await FormAsync(id, input, ct);
        model.RunningClocks = await store.PolicyUseAsync(id, ct);
        return View(model);
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Edit(int id, PolicyInput input, CancellationToken ct)
    {
        if (!await ValidAsync(input, ct))
        {
            return await InvalidAsync(id, input, ct);
        }

        var policy = await admin.UpdatePolicyAsync(id, input, ct);
        TempData["Notice"] = policy.IsActive && policy.ShadowedBy(await store.PoliciesAsync(ct)) is { } shadow
            ? $"Policy {policy.Name} saved, but it never applies: {shadow.Name}, above it, matches every ticket it does. Move it up, or narrow {shadow.Name}."
            : $"Policy {policy.Name} saved; unsolved tickets are being recomputed.";
        return Redirect("/admin/policies");
    }

    /// <summary>Deletes a policy (the edit page asks first, saying how many unsolved tickets it moves).</summary>
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken ct)
    {
        var running = await store.PolicyUseAsync(id, ct);
        var policy = await admin.DeletePolicyAsync(id, ct);
        TempData["Notice"] = running == 0
            ? $"Policy {policy.Name} deleted. No unsolved ticket was on it."
            : $"Policy {policy.Name} deleted. The {running} running clock{(running == 1 ? "" : "s")} on it {(running == 1 ? "is" : "are")} being moved to the policy that applies next (or cancelled where none does); past clocks keep its name.";
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
        while (input.Targets.Count < 12)
        {
            input.Targets.Add(null);
        }

        var validation = await validator.ValidateAsync(input, ct);
        ModelState.AddErrors(validation);
        return validation.IsValid;
    }

    private async Task<IActionResult> InvalidAsync(int? id, PolicyInput input, CancellationToken ct)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", await FormAsync(id, input, ct));
    }

    private async Task<PolicyFormViewModel> FormAsync(int? id, PolicyInput input, CancellationToken ct)
    {
        var lookups = await tickets.LookupsAsync(ct);
        return new()
        {
            Id = id,
            Input = input,
            Calendars = await store.CalendarsAsync(ct),
            Organizations = await directory.AllOrganizationsAsync(ct),
            Categories = lookups.Categories,
            Groups = lookups.Groups,
            Agents = lookups.Agents,
        };
    }
}
