using System.Globalization;
using System.Net;
using System.Text;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Reports;

/// <summary>
/// The monthly report in words, as its email says it (text and HTML) and the pages word their lines: "9 of 10 answered
/// in time (90 %)", "42 min", "99.95 % (target 99.9 %)". Numbers are written the same way everywhere they appear.
/// </summary>
public static class MonthlyReportText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string MonthName(NodaTime.YearMonth month) =>
        new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM yyyy", Invariant);

    /// <summary>"90 %", "99.95 %": at most two decimals, none when whole; "–" for none.</summary>
    public static string Percent(double? percent) =>
        percent is double p ? string.Create(Invariant, $"{Math.Floor(p * 100) / 100:0.##} %") : "–";

    /// <summary>A share of 1 as a percentage with up to three decimals (availability: 99.954 %), rounded down so 99.9996 never reads 100.</summary>
    public static string Availability(double? share) =>
        share is double s ? string.Create(Invariant, $"{Math.Floor(s * 100_000) / 1000:0.###} %") : "–";

    public static string Duration(TimeSpan? span) => span is { } s ? SlaEngine.Format(s) : "–";

    /// <summary>"First response: 9 of 10 in time (90 %)", with those met late, breached and still running said when any.</summary>
    public static string Achieved(string what, int met, int decided, int late, int breached, int running)
    {
        if (decided == 0)
        {
            return running == 0 ? $"{what}: no tickets" : $"{what}: {running} still running, none decided yet";
        }

        var text = new StringBuilder(string.Create(Invariant, $"{what}: {met} of {decided} in time ({Percent(100.0 * met / decided)})"));
        var details = new List<string>();
        if (late > 0)
        {
            details.Add(string.Create(Invariant, $"{late} late"));
        }

        if (breached > 0)
        {
            details.Add(string.Create(Invariant, $"{breached} past the target and still open"));
        }

        if (running > 0)
        {
            details.Add(string.Create(Invariant, $"{running} still running"));
        }

        return details.Count == 0 ? text.ToString() : text.Append("; ").Append(string.Join(", ", details)).ToString();
    }

    public static string Achieved(Achievement a) => Achieved(a.Metric.Label(), a.Met, a.Decided, a.MetLate, a.Breached, a.Running);

    /// <summary>"Urgent, High: target 1 h (Standard)".</summary>
    public static string TargetName(TargetAchievement t) =>
        (t.Priorities.Count == 0 ? string.Empty : string.Join(", ", t.Priorities) + ": ") + $"target {SlaEngine.Format(t.TargetMinutes)} ({t.PolicyName})";

    public static string Breach(BreachRow b) =>
        $"#{b.Number}: {b.Metric.Label()}, {SlaEngine.Format(b.Over)} over its {b.Priority} target" + (b.Open ? " (still open)" : string.Empty);

    public static string Service(Availability.ServiceMonth s)
    {
        var a = s.Availability;
        if (a.Achieved is null)
        {
            return $"{s.Name}: not measured";
        }

        var budget = a.BudgetLeft >= NodaTime.Duration.Zero
            ? $"{SlaEngine.Format(a.BudgetLeft.ToTimeSpan())} of the allowed downtime left"
            : $"{SlaEngine.Format((-a.BudgetLeft).ToTimeSpan())} more downtime than the target allows";
        return string.Create(Invariant,
            $"{s.Name}: {Availability(a.Achieved)} (target {a.TargetPercent:0.###} %), down {SlaEngine.Format(a.Downtime.ToTimeSpan())}, {budget}; {(a.Met ? "target met" : "target missed")}");
    }

    public static string Satisfaction(SatisfactionRow s) =>
        s.Sent == 0
            ? "No surveys were sent."
            : string.Create(Invariant, $"{s.Answered} of {s.Sent} surveys answered: {s.Good} good, {s.Bad} bad") +
              (s.GoodPercent is { } good ? $" ({Percent(good)} good)." : ".");

    /// <summary>The lines of the report, headed sections of plain sentences (the text email; the HTML one adds tables).</summary>
    public static IEnumerable<(string Heading, IReadOnlyList<string> Lines)> Sections(MonthlyReport r)
    {
        var s = r.Summary;
        yield return ("Tickets", [string.Create(Invariant, $"{s.Opened} opened, {s.Solved} solved.")]);

        var achieved = new List<string>();
        foreach (var a in s.Achievement)
        {
            achieved.Add(Achieved(a));
            achieved.AddRange(s.ByTarget.Where(t => t.Metric == a.Metric)
                .Select(t => "  " + Achieved(TargetName(t), t.Met, t.Decided, t.MetLate, t.Breached, t.Running)));
        }

        yield return ("Against your targets", achieved);
        yield return ("Median times (business hours)", [.. s.Durations.Select(d => d.Count == 0
            ? $"{d.Metric.Label()}: none yet"
            : $"{d.Metric.Label()}: {Duration(d.BusinessMedian)} (90 % within {Duration(d.BusinessP90)}; {Duration(d.CalendarMedian)} by the clock)")]);
        yield return ("Breaches", r.Breaches.Count == 0
            ? ["None."]
            : [.. r.Breaches.Select(Breach), .. r.MoreBreaches ? new[] { "… and more: see the report online." } : []]);
        yield return ("Availability of your services", r.Availability.Count == 0 ? ["No services are measured."] : [.. r.Availability.Select(Service)]);
        yield return ("Satisfaction", [Satisfaction(s.Satisfaction)]);
    }

    public static string Subject(MonthlyReport r) => $"{r.Organization}: service report for {MonthName(r.Month)}";

    /// <summary>The figures as text, section by section (each starting on a new line after a blank one).</summary>
    public static string Figures(MonthlyReport r)
    {
        var text = new StringBuilder();
        foreach (var (heading, lines) in Sections(r))
        {
            text.Append('\n').Append(heading).Append('\n').Append(new string('-', heading.Length)).Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Body(MonthlyReport r, string? name, string link, string signature)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Hello {name},\n\n")
            .Append(CultureInfo.InvariantCulture, $"Here is how we did for {r.Organization} in {MonthName(r.Month)} ({TimeZones.Label(r.Zone)}), against the targets we agreed.\n");
        foreach (var (heading, lines) in Sections(r))
        {
            text.Append('\n').Append(heading).Append('\n').Append(new string('-', heading.Length)).Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.Append(CultureInfo.InvariantCulture, $"\nThe same report, and the months before it: {link}\n")
            .Append("You get this email as a contact of ").Append(r.Organization)
            .Append(" who asked for it; to stop it, untick \"Email me this report each month\" on that page.\n\n-- \n")
            .Append(signature).Append('\n').ToString();
    }

    public static string Html(MonthlyReport r, string? name, string link, string signature)
    {
        static string E(string t) => WebUtility.HtmlEncode(t);
        var html = new StringBuilder()
            .Append("<p>Hello ").Append(E(name ?? string.Empty)).Append(",</p>")
            .Append("<p>Here is how we did for <strong>").Append(E(r.Organization)).Append("</strong> in ")
            .Append(E(MonthName(r.Month))).Append(" (").Append(E(TimeZones.Label(r.Zone))).Append("), against the targets we agreed.</p>");
        foreach (var (heading, lines) in Sections(r))
        {
            html.Append("<h3 style=\"margin:16px 0 4px\">").Append(E(heading)).Append("</h3><ul style=\"margin:0;padding-left:20px\">");
            foreach (var line in lines)
            {
                var nested = line.StartsWith("  ", StringComparison.Ordinal);
                html.Append(nested ? "<li style=\"margin-left:20px;color:#444\">" : "<li>").Append(E(line.Trim())).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("<p><a href=\"").Append(E(link)).Append("\">See this report online</a>, and the months before it.</p>")
            .Append("<p style=\"color:#555;font-size:12px\">You get this email as a contact of ").Append(E(r.Organization))
            .Append(" who asked for it; to stop it, untick “Email me this report each month” on that page.<br>")
            .Append(E(signature)).Append("</p>").ToString();
    }
}
