using System.Globalization;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Exports;
using Helpdesk.Web.Presentation;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>The supervisor's reports: the dashboard, the breach report and their CSV exports.</summary>
[Route("reports")]
[Authorize(Roles = Roles.Supervisor)]
public sealed class ReportsController(
    IReportQueries reports, ITicketQueries tickets, IDirectoryQueries directory, ISlaStore sla,
    IValidator<ReportQueryInput> validator, Helpdesk.Core.Availability.AvailabilityReport availability, TimeDisplay display, TimeProvider time) : Controller
{
    private const int BreachesShown = 500;
    private const int BreachesExported = 100_000;
    private const int RatingsExported = 100_000;

    [HttpGet("")]
    public async Task<IActionResult> Index(ReportQueryInput input, CancellationToken ct)
    {
        var (filter, valid) = await FilterAsync(input, ct);
        if (!valid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await ModelAsync(input, filter, null, null, ct));
        }

        var months = await availability.MonthsAsync(Month(input.From!.Value), Month(input.To!.Value), input.Organization, ct);
        return View(await ModelAsync(input, filter, await reports.DashboardAsync(filter, time.GetUtcNow(), ct), null, ct, months));
    }

    private static NodaTime.YearMonth Month(DateOnly day) => new(day.Year, day.Month);

    [HttpGet("breaches")]
    public async Task<IActionResult> Breaches(ReportQueryInput input, CancellationToken ct)
    {
        var (filter, valid) = await FilterAsync(input, ct);
        if (!valid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await ModelAsync(input, filter, null, null, ct));
        }

        return View(await ModelAsync(input, filter, null, await reports.Breaches(filter, time.GetUtcNow(), BreachesShown + 1, ct).ToListAsync(ct), ct));
    }

    /// <summary>An organization's monthly SLA report (the one its contacts are emailed), for any month up to this one.</summary>
    [HttpGet("monthly")]
    public async Task<IActionResult> Monthly(int? organization, string? month, [FromServices] MonthlyReports monthly, CancellationToken ct)
    {
        var organizations = await directory.AllOrganizationsAsync(ct);
        var details = organization is int id ? await directory.GetOrganizationAsync(id, ct) : null;
        var latest = monthly.ThisMonth(details?.TimeZone);
        var chosen = MonthText.Chosen(month, latest);
        string? error = null;
        if (chosen is null)
        {
            error = $"Choose a month up to this one, written like {MonthText.Iso(latest.PlusMonths(-1))}.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else if (organization is not null && details is null)
        {
            return NotFound();
        }

        return View(new MonthlyReportPageModel
        {
            Organizations = organizations,
            Organization = organization,
            Month = chosen is { } m ? MonthText.Iso(m) : month,
            MonthError = error,
            Months = MonthText.Recent(latest, 24),
            Report = details is not null && chosen is { } c && await monthly.BuildAsync(details.Id, c, ct) is { } report ? new MonthlyReportView(report, Staff: true) : null,
        });
    }

    /// <summary>One table of the dashboard, or the breach report, as CSV (times in minutes, instants in UTC).</summary>
    [HttpGet("csv/{table}")]
    public async Task<IActionResult> Export(string table, ReportQueryInput input, CancellationToken ct)
    {
        var (filter, valid) = await FilterAsync(input, ct);
        if (!valid)
        {
            return UnprocessableEntity(string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage)));
        }

        var now = time.GetUtcNow();
        var name = string.Create(CultureInfo.InvariantCulture, $"helpdesk-{table}-{input.From:yyyy-MM-dd}-{input.To:yyyy-MM-dd}.csv");
        IActionResult Csv<T>(CsvTable<T> columns, IAsyncEnumerable<T> rows) => new CsvFileResult<T>(columns, rows, name);
        async IAsyncEnumerable<T> FromDashboard<T>(Func<Dashboard, IEnumerable<T>> rows)
        {
            foreach (var row in rows(await reports.DashboardAsync(filter, now, ct)))
            {
                yield return row;
            }
        }

        async IAsyncEnumerable<(NodaTime.YearMonth, Helpdesk.Core.Availability.ServiceMonth)> AvailabilityRows()
        {
            foreach (var (month, services) in await availability.MonthsAsync(Month(input.From!.Value), Month(input.To!.Value), input.Organization, ct))
            {
                foreach (var service in services)
                {
                    yield return (month, service);
                }
            }
        }

        return table switch
        {
            "breaches" => Csv(ReportCsv.Breaches, reports.Breaches(filter, now, BreachesExported, ct)),
            "ratings" => Csv(ReportCsv.Ratings, reports.Ratings(filter, RatingsExported, ct)),
            "achievement" => Csv(ReportCsv.Achievement, FromDashboard(d => d.Achievement)),
            "durations" => Csv(ReportCsv.Durations, FromDashboard(d => d.Durations)),
            "days" => Csv(ReportCsv.Days, FromDashboard(d => d.Days)),
            "distribution" => Csv(ReportCsv.Distribution, FromDashboard(d => d.FirstResponseDistribution)),
            "backlog" => Csv(ReportCsv.Backlog, FromDashboard(d => d.BacklogAges)),
            "at-risk" => Csv(ReportCsv.AtRisk, FromDashboard(d => d.AtRisk)),
            "satisfaction" => Csv(ReportCsv.Satisfaction, FromDashboard(d => d.Satisfaction.BySla.Prepend(d.Satisfaction.Total))),
            "satisfaction-days" => Csv(ReportCsv.SatisfactionDays, FromDashboard(d => d.Satisfaction.Days)),
            "availability" => Csv(ReportCsv.Availability, AvailabilityRows()),
            _ => NotFound(),
        };
    }

    /// <summary>Validates the query and turns its dates (display zone, both included) into instants; the last 30 days by default.</summary>
    private async Task<(ReportFilter Filter, bool Valid)> FilterAsync(ReportQueryInput input, CancellationToken ct)
    {
        input.To ??= display.Today();
        input.From ??= input.To.Value.AddDays(-29);
        var validation = await validator.ValidateAsync(input, ct);
        ModelState.Clear();
        ModelState.AddErrors(validation);
        var filter = new ReportFilter(
            display.StartOf(input.From.Value),
            display.StartOf(validation.IsValid ? input.To.Value.AddDays(1) : input.From.Value.AddDays(1)),
            input.Group, string.IsNullOrEmpty(input.Agent) ? null : input.Agent, input.Priority, input.Category, input.Organization, input.Policy);
        return (filter, validation.IsValid);
    }

    private async Task<ReportsViewModel> ModelAsync(
        ReportQueryInput input, ReportFilter filter, Dashboard? dashboard, IReadOnlyList<BreachRow>? breaches, CancellationToken ct,
        IReadOnlyList<(NodaTime.YearMonth Month, IReadOnlyList<Helpdesk.Core.Availability.ServiceMonth> Services)>? availability = null) => new()
    {
        Availability = availability ?? [],
        Input = input,
        Query = QueryString(input),
        Filter = filter,
        Dashboard = dashboard,
        Breaches = breaches,
        BreachLimit = BreachesShown,
        Lookups = await tickets.LookupsAsync(ct),
        Organizations = await directory.AllOrganizationsAsync(ct),
        Policies = [.. (await sla.PoliciesAsync(ct)).Select(p => new NamedOption(p.Id, p.Name))],
    };

    private static string QueryString(ReportQueryInput input)
    {
        var parts = new List<string>
        {
            $"From={input.From:yyyy-MM-dd}",
            $"To={input.To:yyyy-MM-dd}",
        };
        void Add(string name, object? value)
        {
            if (value is not null && value.ToString() is { Length: > 0 } text)
            {
                parts.Add($"{name}={Uri.EscapeDataString(text)}");
            }
        }

        Add("Group", input.Group);
        Add("Agent", input.Agent);
        Add("Priority", input.Priority);
        Add("Category", input.Category);
        Add("Organization", input.Organization);
        Add("Policy", input.Policy);
        return string.Join("&", parts);
    }
}
