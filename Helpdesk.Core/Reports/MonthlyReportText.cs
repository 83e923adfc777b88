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

    private static readonly CultureInfo PortugueseCulture = CultureInfo.GetCultureInfo("pt-PT");

    public static string MonthName(NodaTime.YearMonth month) =>
        new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM yyyy", Invariant);

    /// <summary>A month in the reader's words: "March 2027", "março de 2027".</summary>
    public static string MonthName(NodaTime.YearMonth month, string language) => language == Languages.Portuguese
        ? new DateTime(month.Year, month.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).ToString("MMMM 'de' yyyy", PortugueseCulture)
        : MonthName(month);

    /// <summary>The English or the Portuguese of a sentence (decision 020: the report's words in the reader's language).</summary>
    private static string Say(string language, string english, string portuguese) => language == Languages.Portuguese ? portuguese : english;

    /// <summary>"90 %", "99.95 %": at most two decimals, none when whole; "–" for none.</summary>
    public static string Percent(double? percent, string language = Languages.English) =>
        percent is double p ? string.Create(Number(language), $"{Math.Floor(p * 100) / 100:0.##} %") : "–";

    /// <summary>How numbers are written for the reader: 66.66 in English, 66,66 in Portuguese.</summary>
    private static CultureInfo Number(string language) => language == Languages.Portuguese ? PortugueseCulture : Invariant;

    /// <summary>A share of 1 as a percentage with up to three decimals (availability: 99.954 %), rounded down so 99.9996 never reads 100.</summary>
    public static string Availability(double? share, string language = Languages.English) =>
        share is double s ? string.Create(Number(language), $"{Math.Floor(s * 100_000) / 1000:0.###} %") : "–";

    public static string Duration(TimeSpan? span) => span is { } s ? SlaEngine.Format(s) : "–";

    /// <summary>"First response: 9 of 10 in time (90 %)", with those met late, breached and still running said when any.</summary>
    public static string Achieved(string what, int met, int decided, int late, int breached, int running, string language = Languages.English)
    {
        if (decided == 0)
        {
            return running == 0
                ? Say(language, $"{what}: no tickets", $"{what}: sem tickets")
                : Say(language, $"{what}: {running} still running, none decided yet", $"{what}: {running} ainda em curso, nenhum decidido ainda");
        }

        var text = new StringBuilder(string.Create(Invariant, $"{what}: {met} {Say(language, "of", "de")} {decided} {Say(language, "in time", "a tempo")} ({Percent(100.0 * met / decided, language)})"));
        var details = new List<string>();
        if (late > 0)
        {
            details.Add(string.Create(Invariant, $"{late} {Say(language, "late", "tarde")}"));
        }

        if (breached > 0)
        {
            details.Add(string.Create(Invariant, $"{breached} {Say(language, "past the target and still open", "fora do objetivo e ainda em aberto")}"));
        }

        if (running > 0)
        {
            details.Add(string.Create(Invariant, $"{running} {Say(language, "still running", "ainda em curso")}"));
        }

        return details.Count == 0 ? text.ToString() : text.Append("; ").Append(string.Join(", ", details)).ToString();
    }

    public static string Achieved(Achievement a, string language = Languages.English) =>
        Achieved(Languages.Metric(a.Metric, language), a.Met, a.Decided, a.MetLate, a.Breached, a.Running, language);

    /// <summary>"Urgent, High: target 1 h (Standard)".</summary>
    public static string TargetName(TargetAchievement t, string language = Languages.English) =>
        (t.Priorities.Count == 0 ? string.Empty : string.Join(", ", t.Priorities.Select(p => Languages.Priority(p, language))) + ": ") +
        $"{Say(language, "target", "objetivo")} {SlaEngine.Format(t.TargetMinutes)} ({t.PolicyName})";

    public static string Breach(BreachRow b, string language = Languages.English) => language == Languages.Portuguese
        ? $"#{b.Number}: {Languages.Metric(b.Metric, language)}, {SlaEngine.Format(b.Over)} acima do objetivo de prioridade {Languages.Priority(b.Priority, language)}" + (b.Open ? " (ainda em aberto)" : string.Empty)
        : $"#{b.Number}: {b.Metric.Label()}, {SlaEngine.Format(b.Over)} over its {b.Priority} target" + (b.Open ? " (still open)" : string.Empty);

    public static string Service(Availability.ServiceMonth s, string language = Languages.English)
    {
        var a = s.Availability;
        if (a.Achieved is null)
        {
            return Say(language, $"{s.Name}: not measured", $"{s.Name}: não medido");
        }

        var budget = a.BudgetLeft >= NodaTime.Duration.Zero
            ? Say(language, $"{SlaEngine.Format(a.BudgetLeft.ToTimeSpan())} of the allowed downtime left", $"restam {SlaEngine.Format(a.BudgetLeft.ToTimeSpan())} da indisponibilidade permitida")
            : Say(language, $"{SlaEngine.Format((-a.BudgetLeft).ToTimeSpan())} more downtime than the target allows", $"{SlaEngine.Format((-a.BudgetLeft).ToTimeSpan())} de indisponibilidade acima do que o objetivo permite");
        return language == Languages.Portuguese
            ? string.Create(PortugueseCulture,
                $"{s.Name}: {Availability(a.Achieved, language)} (objetivo {a.TargetPercent:0.###} %), em baixo {SlaEngine.Format(a.Downtime.ToTimeSpan())}, {budget}; {(a.Met ? "objetivo cumprido" : "objetivo falhado")}")
            : string.Create(Invariant,
                $"{s.Name}: {Availability(a.Achieved)} (target {a.TargetPercent:0.###} %), down {SlaEngine.Format(a.Downtime.ToTimeSpan())}, {budget}; {(a.Met ? "target met" : "target missed")}");
    }

    public static string Satisfaction(SatisfactionRow s, string language = Languages.English) =>
        s.Sent == 0
            ? Say(language, "No surveys were sent.", "Não foram enviados inquéritos.")
            : language == Languages.Portuguese
                ? string.Create(Invariant, $"{s.Answered} de {s.Sent} inquéritos respondidos; respostas boas: {s.Good}, más: {s.Bad}") + (s.GoodPercent is { } bom ? $" ({Percent(bom, language)} boas)." : ".")
                : string.Create(Invariant, $"{s.Answered} of {s.Sent} surveys answered: {s.Good} good, {s.Bad} bad") + (s.GoodPercent is { } good ? $" ({Percent(good)} good)." : ".");

    /// <summary>The lines of the report, headed sections of plain sentences (the text email; the HTML one adds tables).</summary>
    public static IEnumerable<(string Heading, IReadOnlyList<string> Lines)> Sections(MonthlyReport r, string language = Languages.English)
    {
        var s = r.Summary;
        yield return (Say(language, "Tickets", "Tickets"), [string.Create(Invariant, $"{s.Opened} {Say(language, "opened", "abertos")}, {s.Solved} {Say(language, "solved", "resolvidos")}.")]);

        var achieved = new List<string>();
        foreach (var a in s.Achievement)
        {
            achieved.Add(Achieved(a, language));
            achieved.AddRange(s.ByTarget.Where(t => t.Metric == a.Metric)
                .Select(t => "  " + Achieved(TargetName(t, language), t.Met, t.Decided, t.MetLate, t.Breached, t.Running, language)));
        }

        yield return (Say(language, "Against your targets", "Face aos seus objetivos"), achieved);
        yield return (Say(language, "Median times (business hours)", "Tempos medianos (horário de funcionamento)"), [.. s.Durations.Select(d => d.Count == 0
            ? $"{Languages.Metric(d.Metric, language)}: {Say(language, "none yet", "nenhum ainda")}"
            : language == Languages.Portuguese
                ? $"{Languages.Metric(d.Metric, language)}: {Duration(d.BusinessMedian)} (90 % em {Duration(d.BusinessP90)}; {Duration(d.CalendarMedian)} em tempo de relógio)"
                : $"{d.Metric.Label()}: {Duration(d.BusinessMedian)} (90 % within {Duration(d.BusinessP90)}; {Duration(d.CalendarMedian)} by the clock)")]);
        yield return (Say(language, "Breaches", "Incumprimentos"), r.Breaches.Count == 0
            ? [Say(language, "None.", "Nenhum.")]
            : [.. r.Breaches.Select(b => Breach(b, language)), .. r.MoreBreaches ? new[] { Say(language, "… and more: see the report online.", "… e mais: veja o relatório online.") } : []]);
        yield return (Say(language, "Availability of your services", "Disponibilidade dos seus serviços"),
            r.Availability.Count == 0 ? [Say(language, "No services are measured.", "Nenhum serviço é medido.")] : [.. r.Availability.Select(a => Service(a, language))]);
        yield return (Say(language, "Satisfaction", "Satisfação"), [Satisfaction(s.Satisfaction, language)]);
    }

    /// <summary>The figures as text, section by section (each starting on a new line after a blank one).</summary>
    public static string Figures(MonthlyReport r, string language = Languages.English)
    {
        var text = new StringBuilder();
        foreach (var (heading, lines) in Sections(r, language))
        {
            text.Append('\n').Append(heading).Append('\n').Append(new string('-', heading.Length)).Append('\n');
            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Html(MonthlyReport r, string? name, string link, string signature, string language = Languages.English)
    {
        static string E(string t) => WebUtility.HtmlEncode(t);
        var pt = language == Languages.Portuguese;
        var html = new StringBuilder()
            .Append(pt ? "<p>Olá " : "<p>Hello ").Append(E(name ?? string.Empty)).Append(",</p>")
            .Append(pt ? "<p>Eis como correu o serviço para <strong>" : "<p>Here is how we did for <strong>").Append(E(r.Organization)).Append(pt ? "</strong> em " : "</strong> in ")
            .Append(E(MonthName(r.Month, language))).Append(" (").Append(E(pt ? TimeZones.LabelPt(r.Zone) : TimeZones.Label(r.Zone)))
            .Append(pt ? "), face aos objetivos acordados.</p>" : "), against the targets we agreed.</p>");
        foreach (var (heading, lines) in Sections(r, language))
        {
            html.Append("<h3 style=\"margin:16px 0 4px\">").Append(E(heading)).Append("</h3><ul style=\"margin:0;padding-left:20px\">");
            foreach (var line in lines)
            {
                var nested = line.StartsWith("  ", StringComparison.Ordinal);
                html.Append(nested ? "<li style=\"margin-left:20px;color:#444\">" : "<li>").Append(E(line.Trim())).Append("</li>");
            }

            html.Append("</ul>");
        }

        return (pt
                ? html.Append("<p><a href=\"").Append(E(link)).Append("\">Veja este relatório online</a>, e os meses anteriores.</p>")
                    .Append("<p style=\"color:#555;font-size:12px\">Recebe este email como contacto de ").Append(E(r.Organization))
                    .Append(" que o pediu; para deixar de o receber, desmarque “Enviar-me este relatório todos os meses” nessa página.<br>")
                : html.Append("<p><a href=\"").Append(E(link)).Append("\">See this report online</a>, and the months before it.</p>")
                    .Append("<p style=\"color:#555;font-size:12px\">You get this email as a contact of ").Append(E(r.Organization))
                    .Append(" who asked for it; to stop it, untick “Email me this report each month” on that page.<br>"))
            .Append(E(signature)).Append("</p>").ToString();
    }
}
