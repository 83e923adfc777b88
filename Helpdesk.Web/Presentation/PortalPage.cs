using Helpdesk.Core.Domain;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Hosting;
using Helpdesk.Web.Models;

namespace Helpdesk.Web.Presentation;

/// <summary>Makes the portal's ticket page from a loaded ticket: public messages only, and the SLA in the customer's words and zone.</summary>
public static class PortalPage
{
    public static PortalTicketViewModel Build(Ticket ticket, PortalSession session, SurveyView? survey, PortalReplyInput reply, DateTimeOffset now) => new()
    {
        Number = ticket.Number,
        Subject = ticket.Subject,
        Status = ticket.Status,
        Requester = ticket.Requester.DisplayName,
        CreatedAt = ticket.CreatedAt,
        Messages = [.. ticket.Messages.Where(m => !m.IsInternal).Select(m => new PortalMessage(
            m.Id,
            m.AuthorName,
            m.AuthorKind != ActorKind.Customer,
            m.CreatedAt,
            m.Body,
            [.. m.Attachments.Select(a => new AttachmentLink(a.Id, a.DisplayName, a.Size))]))],
        MergedInto = ticket.MergedInto,
        Sla = Sla(ticket, session.Zone, now, Hosting.ReaderCultureProvider.Language),
        Reply = reply,
        CanRate = survey is { State: SurveyState.Open } && ticket.RequesterId == session.Viewer.CustomerId,
        Rating = ticket.Satisfaction,
        RatingComment = ticket.SatisfactionComment,
    };

    /// <summary>
    /// One line per metric, from its latest clock: what is promised while it runs, that it waits while paused, and once
    /// stopped how long it took against the target (business time, as the target counts it), honestly when missed.
    /// </summary>
    public static IReadOnlyList<string> Sla(Ticket ticket, TimeZoneInfo zone, DateTimeOffset now, string language = Languages.English)
    {
        if (language == Languages.Portuguese)
        {
            return SlaPt(ticket, zone, now);
        }

        var lines = new List<string>();
        foreach (var clock in ticket.SlaClocks.Where(c => c.State != SlaClockState.Cancelled).GroupBy(c => c.Metric).OrderBy(g => g.Key).Select(g => g.MaxBy(c => c.Cycle)!))
        {
            var (what, done) = clock.Metric switch
            {
                SlaMetric.FirstResponse => ("First reply", "Answered"),
                SlaMetric.NextResponse => ("Next reply", "Answered"),
                _ => ("Solution", "Solved"),
            };
            var target = SlaEngine.Format(clock.TargetMinutes);
            lines.Add(clock.State switch
            {
                SlaClockState.Running when clock.DueAt is { } due && due > now => $"{what} due by {TimeZones.Spoken(due, zone, now)} (target {target} of business hours).",
                SlaClockState.Running => $"{what} is late: it was due within {target} of business hours. We are on it.",
                SlaClockState.Paused => $"{what}: the clock is paused {(ticket.Status == TicketStatus.Pending ? "while we wait for your answer" : "for now")} ({SlaEngine.Format(clock.Used)} of {target} used).",
                SlaClockState.Met => $"{done} in {SlaEngine.Format(clock.Used)}, target {target}.",
                _ => $"{done} in {SlaEngine.Format(clock.Used)}, later than our target of {target}.",
            });
        }

        return lines;
    }

    /// <summary>The same lines in European Portuguese.</summary>
    private static IReadOnlyList<string> SlaPt(Ticket ticket, TimeZoneInfo zone, DateTimeOffset now)
    {
        var lines = new List<string>();
        foreach (var clock in ticket.SlaClocks.Where(c => c.State != SlaClockState.Cancelled).GroupBy(c => c.Metric).OrderBy(g => g.Key).Select(g => g.MaxBy(c => c.Cycle)!))
        {
            var (what, done) = clock.Metric switch
            {
                SlaMetric.FirstResponse => ("Primeira resposta", "Respondido"),
                SlaMetric.NextResponse => ("Resposta seguinte", "Respondido"),
                _ => ("Resolução", "Resolvido"),
            };
            var target = SlaEngine.Format(clock.TargetMinutes);
            lines.Add(clock.State switch
            {
                SlaClockState.Running when clock.DueAt is { } due && due > now => $"{what} até {TimeZones.Spoken(due, zone, now, Languages.Portuguese)} (objetivo de {target} em horário de expediente).",
                SlaClockState.Running => $"{what} em atraso: estava prevista em {target} de horário de expediente. Estamos a tratar disso.",
                SlaClockState.Paused => $"{what}: o relógio está parado {(ticket.Status == TicketStatus.Pending ? "enquanto aguardamos a sua resposta" : "por agora")} ({SlaEngine.Format(clock.Used)} de {target} usados).",
                SlaClockState.Met => $"{done} em {SlaEngine.Format(clock.Used)}, objetivo {target}.",
                _ => $"{done} em {SlaEngine.Format(clock.Used)}, depois do nosso objetivo de {target}.",
            });
        }

        return lines;
    }
}
