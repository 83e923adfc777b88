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
    public IActionResult New() => View("Edit", new CalendarFormViewModel { Input = new CalendarInput { Json = Template } });

    [HttpPost("new")]
    public async Task<IActionResult> New(CalendarInput input, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
            input.Json = await reader.ReadToEndAsync(ct);
        }

        if (!await ValidAsync(input, ct))
        {
            return Invalid(new CalendarFormViewModel { Input = input });
        }

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

        var model = new CalendarFormViewModel
        {
            Id = id,
            Input = new CalendarInput { Json = calendar.Json },
            Calendar = calendar.Definition,
            Start = start ?? InstantPattern.General.Format(Instant.FromDateTimeOffset(time.GetUtcNow()).Plus(Duration.FromMinutes(-(time.GetUtcNow().Minute)))),
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

    private ViewResult Invalid(CalendarFormViewModel model)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", model);
    }

    private void Calculate(BusinessCalendar calendar, CalendarFormViewModel model, bool due, bool between)
    {
        try
        {
            if (due)
            {
                var start = InstantText.Parse(model.Start!);
                var result = calendar.Due(start, Duration.FromMinutes(Math.Max(0, model.Minutes)));
                model.DueResult = $"{InstantPattern.General.Format(result)} — {result.InZone(calendar.Zone).LocalDateTime.ToString("dddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} in {calendar.Zone.Id}";
            }

            if (between)
            {
                var minutes = (long)calendar.Between(InstantText.Parse(model.From!), InstantText.Parse(model.To!)).TotalMinutes;
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
