using System.Globalization;
using System.Text;
using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Infrastructure;
using Helpdesk.Web.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Web.Controllers;

/// <summary>The supervisor's reports: the dashboard, the breach report and their CSV exports.</summary>
[Route("reports")]
[Authorize(Roles = Roles.Supervisor)]
public sealed class ReportsController(
    IReportQueries reports, ITicketQueries tickets, IDirectoryQueries directory, ISlaStore sla,
    IValidator<ReportQueryInput> validator, TimeDisplay display, TimeProvider time) : Controller
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

        return View(await ModelAsync(input, filter, await reports.DashboardAsync(filter, time.GetUtcNow(), ct), null, ct));
    }

    [HttpGet("breaches")]
    public async Task<IActionResult> Breaches(ReportQueryInput input, CancellationToken ct)
    {
        var (filter, valid) = await FilterAsync(input, ct);
        if (!valid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await ModelAsync(input, filter, null, null, ct));
        }

        return View(await ModelAsync(input, filter, null, await reports.BreachesAsync(filter, time.GetUtcNow(), BreachesShown + 1, ct), ct));
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
        var csv = new Csv();
        if (table == "breaches")
        {
            csv.Header("ticket", "subject", "metric", "cycle", "priority", "assignee", "policy", "breached_at", "over_business_minutes", "open", "escalations");
            foreach (var b in await reports.BreachesAsync(filter, now, BreachesExported, ct))
            {
                csv.Row(b.Number, b.Subject, Metric(b.Metric), b.Cycle, b.Priority, b.Assignee, b.PolicyName, b.BreachedAt, Csv.Minutes(b.Over), b.Open, b.Escalations);
            }
        }
        else if (table == "ratings")
        {
            csv.Header("ticket", "subject", "assignee", "rating", "comment", "rated_at", "sla");
            foreach (var r in await reports.RatingsAsync(filter, RatingsExported, ct))
            {
                csv.Row(r.Number, r.Subject, r.Assignee, r.Rating, r.Comment, r.RatedAt, SlaPresenter.OutcomeName(r.Sla));
            }
        }
        else
        {
            var d = await reports.DashboardAsync(filter, now, ct);
            switch (table)
            {
                case "achievement":
                    csv.Header("metric", "met", "met_late", "breached", "running", "achievement_percent");
                    foreach (var a in d.Achievement)
                    {
                        csv.Row(Metric(a.Metric), a.Met, a.MetLate, a.Breached, a.Running, Csv.Percent(a.Percent));
                    }

                    break;
                case "durations":
                    csv.Header("metric", "stopped_clocks", "business_median_minutes", "business_p90_minutes", "calendar_median_minutes", "calendar_p90_minutes");
                    foreach (var x in d.Durations)
                    {
                        csv.Row(Metric(x.Metric), x.Count, Csv.Minutes(x.BusinessMedian), Csv.Minutes(x.BusinessP90), Csv.Minutes(x.CalendarMedian), Csv.Minutes(x.CalendarP90));
                    }

                    break;
                case "days":
                    csv.Header("day_start", "opened", "solved", "backlog_at_end", "clocks_met_in_time", "clocks_missed", "achievement_percent");
                    foreach (var x in d.Days)
                    {
                        csv.Row(x.Start, x.Opened, x.Solved, x.Backlog, x.MetInTime, x.Missed, Csv.Percent(x.AchievementPercent));
                    }

                    break;
                case "distribution":
                    csv.Header("first_response_business_time", "from_minutes", "to_minutes", "clocks");
                    foreach (var b in d.FirstResponseDistribution)
                    {
                        csv.Row(b.Label, Csv.Minutes(b.From), Csv.Minutes(b.To), b.Count);
                    }

                    break;
                case "backlog":
                    csv.Header("age", "unsolved_tickets");
                    foreach (var a in d.BacklogAges)
                    {
                        csv.Row(a.Label, a.Count);
                    }

                    break;
                case "at-risk":
                    csv.Header("ticket", "subject", "priority", "assignee", "metric", "due_at");
                    foreach (var r in d.AtRisk)
                    {
                        csv.Row(r.Number, r.Subject, r.Priority, r.Assignee, r.Metric is { } m ? Metric(m) : null, r.DueAt);
                    }

                    break;
                case "satisfaction":
                    csv.Header("tickets", "surveys_sent", "answered", "good", "bad", "response_percent", "good_percent");
                    foreach (var x in d.Satisfaction.BySla.Prepend(d.Satisfaction.Total))
                    {
                        csv.Row(x.Sla is { } o ? SlaPresenter.OutcomeName(o) : "All", x.Sent, x.Answered, x.Good, x.Bad, Csv.Percent(x.ResponsePercent), Csv.Percent(x.GoodPercent));
                    }

                    break;
                case "satisfaction-days":
                    csv.Header("day_start", "surveys_sent", "good", "bad", "good_percent");
                    foreach (var x in d.Satisfaction.Days)
                    {
                        csv.Row(x.Start, x.Sent, x.Good, x.Bad, Csv.Percent(x.GoodPercent));
                    }

                    break;
                default:
                    return NotFound();
            }
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"helpdesk-{table}-{input.From:yyyy-MM-dd}-{input.To:yyyy-MM-dd}.csv");
        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv; charset=utf-8", name);
    }

    private static string Metric(SlaMetric metric) => metric.Label();

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
        ReportQueryInput input, ReportFilter filter, Dashboard? dashboard, IReadOnlyList<BreachRow>? breaches, CancellationToken ct) => new()
    {
        Input = input,
        Query = QueryString(input),
        Filter = filter,
        Dashboard = dashboard,
        Breaches = breaches,
        BreachLimit = BreachesShown,
        Lookups = await tickets.LookupsAsync(ct),
        Organizations = await directory.AllOrganizationsAsync(ct),
        Policies = await sla.PoliciesAsync(ct),
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
