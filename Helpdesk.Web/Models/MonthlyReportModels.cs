using Helpdesk.Core.Ports;
using Helpdesk.Core.Reports;
using NodaTime;
using NodaTime.Text;

namespace Helpdesk.Web.Models;

/// <summary>One organization's monthly report as a page shows it: for supervisors (ticket subjects, links to tickets) or its contacts.</summary>
public sealed record MonthlyReportView(MonthlyReport Report, bool Staff);

/// <summary>The supervisors' page: pick an organization and a month, read its report.</summary>
public sealed class MonthlyReportPageModel
{
    public required IReadOnlyList<NamedOption> Organizations { get; init; }

    public int? Organization { get; init; }

    /// <summary>As typed ("2026-11"), shown back when it is not a month.</summary>
    public string? Month { get; init; }

    public string? MonthError { get; init; }

    public MonthlyReportView? Report { get; init; }

    /// <summary>The latest months to pick from, newest first.</summary>
    public IReadOnlyList<YearMonth> Months { get; init; } = [];
}

/// <summary>The portal's report page for a contact of an organization.</summary>
public sealed class PortalReportViewModel
{
    public required MonthlyReportView Report { get; init; }

    public required IReadOnlyList<YearMonth> Months { get; init; }

    /// <summary>Whether this contact gets the report by email.</summary>
    public bool Emailed { get; init; }
}

public static class MonthText
{
    /// <summary>"2026-11", as links and the month field write it.</summary>
    public static string Iso(YearMonth month) => YearMonthPattern.Iso.Format(month);

    /// <summary>A month typed as yyyy-MM from 2000 up to <paramref name="latest"/>; null for anything else.</summary>
    public static YearMonth? Parse(string? text, YearMonth latest) =>
        text is { Length: 7 } && YearMonthPattern.Iso.Parse(text) is { Success: true } parsed && parsed.Value.Year >= 2000 && parsed.Value <= latest
            ? parsed.Value
            : null;

    /// <summary>The month asked for (<see cref="Parse"/>), or the one before <paramref name="latest"/> when none was; null when not a month.</summary>
    public static YearMonth? Chosen(string? text, YearMonth latest) =>
        string.IsNullOrWhiteSpace(text) ? latest.PlusMonths(-1) : Parse(text.Trim(), latest);

    /// <summary>The <paramref name="count"/> months up to <paramref name="latest"/>, newest first.</summary>
    public static IReadOnlyList<YearMonth> Recent(YearMonth latest, int count) => [.. Enumerable.Range(0, count).Select(i => latest.PlusMonths(-i))];
}
