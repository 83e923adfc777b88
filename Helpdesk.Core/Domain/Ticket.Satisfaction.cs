using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Domain;

/// <summary>The satisfaction survey: offered once, on the first solve, and answered once.</summary>
public sealed partial class Ticket
{
    /// <summary>When the satisfaction survey went to the requester: once per ticket, on its first solve.</summary>
    public DateTimeOffset? SurveySentAt { get; private set; }

    /// <summary>
    /// Whether every SLA clock of the ticket was met in time when the survey went out (null: it had none), kept with
    /// the survey: the answer rates the service up to that solve, whatever happens to the ticket afterwards.
    /// </summary>
    public bool? SurveySlaMet { get; private set; }

    /// <summary>The requester's answer to the survey, if any (one answer per survey).</summary>
    public SatisfactionRating? Satisfaction { get; private set; }

    public string? SatisfactionComment { get; private set; }

    public DateTimeOffset? SatisfactionAt { get; private set; }

    /// <summary>
    /// Marks the survey as sent if the ticket is solved (or closed since) and none was sent before; true when the caller is to send it.
    /// A ticket reopened and solved again gets no second survey. Call it after the SLA engine has stopped the clocks.
    /// </summary>
    public bool OfferSurvey(DateTimeOffset now)
    {
        // Not while its disruption lasts: the customer gets the disruption's notices then, and the survey when it ends
        // (resolving the disruption brings the ticket's clocks up to date, which offers the survey again).
        if (Status is not (TicketStatus.Solved or TicketStatus.Closed) || SurveySentAt is not null || DisruptionOngoing)
        {
            return false;
        }

        SurveySentAt = now;
        var clocks = _slaClocks.Where(c => c.State != SlaClockState.Cancelled).ToList();
        SurveySlaMet = clocks.Count == 0 ? null
            : !clocks.Any(c => c.IsMissedAt(now));
        Record(Actor.System, now, "Satisfaction survey", null, $"sent to {Requester.Email}");
        return true;
    }

    /// <summary>The requester answers the survey: once, closed tickets included.</summary>
    public void Rate(SatisfactionRating rating, string? comment, DateTimeOffset now)
    {
        if (SurveySentAt is null)
        {
            throw new DomainException($"No satisfaction survey was sent for ticket #{Number}.");
        }

        if (Satisfaction is not null)
        {
            throw new DomainException($"Ticket #{Number} has been rated already.");
        }

        Satisfaction = rating;
        SatisfactionComment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        SatisfactionAt = now;
        var said = SatisfactionComment is null ? rating.ToString() : $"{rating}: {Excerpt(SatisfactionComment)}";
        Record(Actor.ForCustomer(Requester), now, "Satisfaction", null, said);
        Touch(now);
    }
}
