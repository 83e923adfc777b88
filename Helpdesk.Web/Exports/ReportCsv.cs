using Helpdesk.Core.Reports;
using Helpdesk.Core.Sla;
using Helpdesk.Web.Presentation;

namespace Helpdesk.Web.Exports;

/// <summary>The CSV exports of the reports: one table per export, its columns named once here (times in minutes, instants in UTC).</summary>
public static class ReportCsv
{
    public static readonly CsvTable<BreachRow> Breaches = new(
        CsvColumn<BreachRow>.Number("ticket", b => b.Number),
        CsvColumn<BreachRow>.Text("subject", b => b.Subject),
        CsvColumn<BreachRow>.Text("metric", b => b.Metric.Label()),
        CsvColumn<BreachRow>.Number("cycle", b => b.Cycle),
        CsvColumn<BreachRow>.Text("priority", b => b.Priority.ToString()),
        CsvColumn<BreachRow>.Text("assignee", b => b.Assignee),
        CsvColumn<BreachRow>.Text("policy", b => b.PolicyName),
        CsvColumn<BreachRow>.Instant("breached_at", b => b.BreachedAt),
        CsvColumn<BreachRow>.Minutes("over_business_minutes", b => b.Over),
        CsvColumn<BreachRow>.Flag("open", b => b.Open),
        CsvColumn<BreachRow>.Number("escalations", b => b.Escalations));

    public static readonly CsvTable<RatedTicket> Ratings = new(
        CsvColumn<RatedTicket>.Number("ticket", r => r.Number),
        CsvColumn<RatedTicket>.Text("subject", r => r.Subject),
        CsvColumn<RatedTicket>.Text("assignee", r => r.Assignee),
        CsvColumn<RatedTicket>.Text("rating", r => r.Rating.ToString()),
        CsvColumn<RatedTicket>.Text("comment", r => r.Comment),
        CsvColumn<RatedTicket>.Instant("rated_at", r => r.RatedAt),
        CsvColumn<RatedTicket>.Text("sla", r => SlaPresenter.OutcomeName(r.Sla)));

    public static readonly CsvTable<Achievement> Achievement = new(
        CsvColumn<Achievement>.Text("metric", a => a.Metric.Label()),
        CsvColumn<Achievement>.Number("met", a => a.Met),
        CsvColumn<Achievement>.Number("met_late", a => a.MetLate),
        CsvColumn<Achievement>.Number("breached", a => a.Breached),
        CsvColumn<Achievement>.Number("running", a => a.Running),
        CsvColumn<Achievement>.Decimal("achievement_percent", a => a.Percent));

    /// <summary>A service's month: the target, the share it was up, its downtime and what the target still allowed (negative: exceeded).</summary>
    public static readonly CsvTable<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)> Availability = new(
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Text("month", r => $"{r.Month.Year:D4}-{r.Month.Month:D2}"),
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Text("service", r => r.Service.Name),
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Decimal("target_percent", r => r.Service.Availability.TargetPercent, 4),
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Decimal("achieved_percent", r => r.Service.Availability.Achieved * 100, 4),
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Minutes("downtime_minutes", r => r.Service.Availability.Downtime.ToTimeSpan()),
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Minutes("budget_left_minutes", r => r.Service.Availability.BudgetLeft.ToTimeSpan()),
        CsvColumn<(NodaTime.YearMonth Month, Helpdesk.Core.Availability.ServiceMonth Service)>.Flag("month_complete", r => !r.Service.Availability.InProgress));

    public static readonly CsvTable<Durations> Durations = new(
        CsvColumn<Durations>.Text("metric", d => d.Metric.Label()),
        CsvColumn<Durations>.Number("stopped_clocks", d => d.Count),
        CsvColumn<Durations>.Minutes("business_median_minutes", d => d.BusinessMedian),
        CsvColumn<Durations>.Minutes("business_p90_minutes", d => d.BusinessP90),
        CsvColumn<Durations>.Minutes("calendar_median_minutes", d => d.CalendarMedian),
        CsvColumn<Durations>.Minutes("calendar_p90_minutes", d => d.CalendarP90));

    public static readonly CsvTable<ReportDay> Days = new(
        CsvColumn<ReportDay>.Instant("day_start", d => d.Start),
        CsvColumn<ReportDay>.Number("opened", d => d.Opened),
        CsvColumn<ReportDay>.Number("solved", d => d.Solved),
        CsvColumn<ReportDay>.Number("backlog_at_end", d => d.Backlog),
        CsvColumn<ReportDay>.Number("clocks_met_in_time", d => d.MetInTime),
        CsvColumn<ReportDay>.Number("clocks_missed", d => d.Missed),
        CsvColumn<ReportDay>.Decimal("achievement_percent", d => d.AchievementPercent));

    public static readonly CsvTable<Bucket> Distribution = new(
        CsvColumn<Bucket>.Text("first_response_business_time", b => b.Label),
        CsvColumn<Bucket>.Minutes("from_minutes", b => b.From),
        CsvColumn<Bucket>.Minutes("to_minutes", b => b.To),
        CsvColumn<Bucket>.Number("clocks", b => b.Count));

    public static readonly CsvTable<BacklogAge> Backlog = new(
        CsvColumn<BacklogAge>.Text("age", a => a.Label),
        CsvColumn<BacklogAge>.Number("unsolved_tickets", a => a.Count));

    public static readonly CsvTable<AtRiskTicket> AtRisk = new(
        CsvColumn<AtRiskTicket>.Number("ticket", r => r.Number),
        CsvColumn<AtRiskTicket>.Text("subject", r => r.Subject),
        CsvColumn<AtRiskTicket>.Text("priority", r => r.Priority.ToString()),
        CsvColumn<AtRiskTicket>.Text("assignee", r => r.Assignee),
        CsvColumn<AtRiskTicket>.Text("metric", r => r.Metric?.Label()),
        CsvColumn<AtRiskTicket>.Instant("due_at", r => r.DueAt));

    public static readonly CsvTable<SatisfactionRow> Satisfaction = new(
        CsvColumn<SatisfactionRow>.Text("tickets", x => x.Sla is { } o ? SlaPresenter.OutcomeName(o) : "All"),
        CsvColumn<SatisfactionRow>.Number("surveys_sent", x => x.Sent),
        CsvColumn<SatisfactionRow>.Number("answered", x => x.Answered),
        CsvColumn<SatisfactionRow>.Number("good", x => x.Good),
        CsvColumn<SatisfactionRow>.Number("bad", x => x.Bad),
        CsvColumn<SatisfactionRow>.Decimal("response_percent", x => x.ResponsePercent),
        CsvColumn<SatisfactionRow>.Decimal("good_percent", x => x.GoodPercent));

    public static readonly CsvTable<SatisfactionDay> SatisfactionDays = new(
        CsvColumn<SatisfactionDay>.Instant("day_start", x => x.Start),
        CsvColumn<SatisfactionDay>.Number("surveys_sent", x => x.Sent),
        CsvColumn<SatisfactionDay>.Number("good", x => x.Good),
        CsvColumn<SatisfactionDay>.Number("bad", x => x.Bad),
        CsvColumn<SatisfactionDay>.Decimal("good_percent", x => x.GoodPercent));
}
