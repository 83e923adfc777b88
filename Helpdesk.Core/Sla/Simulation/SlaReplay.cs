using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;

namespace Helpdesk.Core.Sla.Simulation;

/// <summary>
/// Replays one past ticket through the SLA engine under a setup (policies and calendars), in memory: at every recorded moment the
/// ticket takes the state the history gives it and <see cref="SlaEngine.Apply"/> runs, as it did when that change was saved.
/// Between changes, a punctual sweep runs at each clock's next check when a policy's levels change the ticket (raise its priority),
/// so those actions apply at the moment the level is reached. Nothing here reads or writes a database.
/// </summary>
public static class SlaReplay
{
    /// <summary>The replayed ticket at <paramref name="end"/>, with its clocks, their timeline and the escalations raised.</summary>
    public static Ticket Run(TicketHistory history, SlaSetup setup, DateTimeOffset end)
    {
        var ticket = Ticket.ForReplay(history.Number, history.Priority, history.Channel, history.OrganizationId, history.CategoryId, history.CreatedAt);
        var policies = setup.Policies.Where(p => p.IsActive).OrderBy(p => p.Position).ThenBy(p => p.Id).ToList();
        var sweeps = policies.Any(p => p.LevelActions.Any(a => a.RaisePriority is not null));
        var steps = history.Steps;
        var i = 0;

        // Opening: the changes saved with the ticket itself (a category from a mail rule, say) are in the first run.
        while (i < steps.Count && steps[i].At <= history.CreatedAt)
        {
            Take(ticket, steps[i++]);
        }

        Engine(ticket, policies, setup, history.CreatedAt, "created");
        while (i < steps.Count && steps[i].At <= end)
        {
            var at = steps[i].At;
            if (sweeps)
            {
                Sweep(ticket, policies, setup, at);
            }

            var cause = steps[i].Kind;
            while (i < steps.Count && steps[i].At == at)
            {
                Take(ticket, steps[i++]);
            }

            Engine(ticket, policies, setup, at, cause.ToString());
        }

        if (sweeps)
        {
            Sweep(ticket, policies, setup, end);
        }

        // Up to now: a running clock past its target is breached now, as the record's rule has it.
        SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, policies), setup.Calendar, end, "simulation end");
        return ticket;
    }

    private static void Take(Ticket ticket, ReplayStep step)
    {
        switch (step.Kind)
        {
            case ReplayKind.CustomerMessage:
                ticket.ReplayCustomerMessage(step.At);
                break;
            case ReplayKind.AgentReply:
                ticket.ReplayAgentReply(step.At);
                break;
            case ReplayKind.Status:
                ticket.ReplayStatus((TicketStatus)step.Value, step.At);
                break;
            case ReplayKind.Priority:
                ticket.ReplayPriority((TicketPriority)step.Value);
                break;
            case ReplayKind.Category:
                ticket.ReplayCategory(step.Value == 0 ? null : step.Value);
                break;
            case ReplayKind.Disruption:
                ticket.ReplayDisruption(step.Value == 0 ? null : step.Value, step.Flag);
                break;
            case ReplayKind.DisruptionEnded when ticket.DisruptionId == step.Value:
                ticket.ReplayDisruption(step.Value, ongoing: false);
                break;
            case ReplayKind.MergedInto:
                ticket.ReplayMergedInto(step.Value);
                break;
            case ReplayKind.MergedInUnanswered:
                ticket.ReplayMergedInUnanswered(step.At);
                break;
        }
    }

    /// <summary>The engine's run after a change, and the levels' priority raises it triggers (as <see cref="SlaService"/> does).</summary>
    private static void Engine(Ticket ticket, List<SlaPolicy> policies, SlaSetup setup, DateTimeOffset at, string cause)
    {
        var raised = SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, policies), setup.Calendar, at, cause);
        for (var round = 0; round < 4 && raised.Count > 0; round++)
        {
            var changed = false;
            foreach (var escalation in raised.Where(e => !e.IsReminder))
            {
                var clock = ticket.SlaClocks.First(c => c.Metric == escalation.Metric && c.Cycle == escalation.Cycle);
                if (policies.FirstOrDefault(p => p.Id == clock.PolicyId)?.ActionAt(escalation.ActionLevel).RaisePriority is { } priority
                    && priority > ticket.Priority && ticket.Status != TicketStatus.Closed)
                {
                    ticket.ReplayPriority(priority);
                    changed = true;
                }
            }

            if (!changed)
            {
                break;
            }

            raised = SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, policies), setup.Calendar, at, "escalation actions");
        }
    }

    /// <summary>The sweep, on time: a run at each next check of a running clock before <paramref name="until"/>.</summary>
    private static void Sweep(Ticket ticket, List<SlaPolicy> policies, SlaSetup setup, DateTimeOffset until)
    {
        var last = DateTimeOffset.MinValue;
        for (var guard = 0; guard < 1000; guard++)
        {
            var next = ticket.SlaClocks.Where(c => c.State == SlaClockState.Running && c.NextCheckAt is not null).Min(c => c.NextCheckAt);
            if (next is not { } at || at >= until || at <= last)
            {
                return;
            }

            Engine(ticket, policies, setup, at, "sweep");
            last = at;
        }
    }
}
