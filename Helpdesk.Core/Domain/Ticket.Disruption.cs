namespace Helpdesk.Core.Domain;

/// <summary>The ticket and a service disruption: linked to one, paused while it lasts, answered together when it ends.</summary>
public sealed partial class Ticket
{
    /// <summary>The service disruption this ticket is about, if any.</summary>
    public int? DisruptionId { get; private set; }

    /// <summary>
    /// Linked to a disruption that is not yet resolved: kept on the ticket (set on linking, cleared on resolution)
    /// so the SLA engine can pause for it wherever it runs, without reading the disruption.
    /// </summary>
    public bool DisruptionOngoing { get; private set; }

    public void LinkDisruption(Disruption? disruption, Actor by, DateTimeOffset now)
    {
        if (disruption?.Id == DisruptionId)
        {
            return;
        }

        Record(by, now, "Disruption", DisruptionId is int old ? $"#{old}" : null, disruption is null ? null : $"#{disruption.Id} {disruption.Title}");
        DisruptionId = disruption?.Id;
        DisruptionOngoing = disruption?.IsActive ?? false;
        Touch(now);
    }

    /// <summary>
    /// The reply a supervisor sends to every ticket of a resolved disruption, in one action: a public reply,
    /// optionally solving the ticket, with an audit entry saying where it came from.
    /// </summary>
    public TicketMessage AnswerForDisruption(Disruption disruption, Agent author, string body, bool solve, DateTimeOffset now)
    {
        if (disruption.Id != DisruptionId)
        {
            throw new DomainException($"Ticket #{Number} is not linked to disruption #{disruption.Id}.");
        }

        var message = AddAgentReply(author, body, now);
        var by = Actor.ForAgent(author);
        Record(by, now, "Disruption follow-up", null, $"reply to all tickets of #{disruption.Id} {disruption.Title}{(solve ? ", solved" : string.Empty)}");
        if (solve)
        {
            ChangeStatus(TicketStatus.Solved, by, now);
        }

        return message;
    }

    /// <summary>The linked disruption was resolved (the link stays, for the record).</summary>
    public void DisruptionEnded(Disruption disruption)
    {
        if (disruption.Id == DisruptionId && !disruption.IsActive)
        {
            DisruptionOngoing = false;
            _clocksBehind = true; // paused clocks run again
        }
    }

    /// <summary>Its disruption was reopened (resolved too early): the ticket is in it again.</summary>
    public void DisruptionReopened(Disruption disruption)
    {
        if (disruption.Id == DisruptionId && disruption.IsActive && Status < TicketStatus.Solved)
        {
            DisruptionOngoing = true;
            _clocksBehind = true; // clocks pause again
        }
    }
}
