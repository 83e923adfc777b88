using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using NodaTime;
using Helpdesk.Core.Webhooks;

namespace Helpdesk.Core.Sla;

/// <param name="Language">The language the person chose for the app and its alerts; null: the helpdesk's.</param>
public sealed record StaffContact(string Email, string DisplayName, string? Language = null);

/// <summary>
/// Applies the SLA engine to a ticket inside the caller's unit of work, and queues an alert email to the
/// supervisors for each escalation it raised, in the same unit of work.
/// </summary>
public sealed class SlaService(ISlaStore store, IStaffDirectory staff, MailComposer mail, IHelpdeskStore tickets, TimeProvider time, IWebhookPublisher? webhooks = null)
{
    // A sweep escalates many tickets in one unit of work; the supervisors of a group are looked up once.
    private readonly Dictionary<int, IReadOnlyList<StaffContact>> _supervisors = [];

    public async Task ApplyAsync(Ticket ticket, DateTimeOffset now, string cause, CancellationToken ct = default)
    {
        var setup = await store.SetupAsync(ct);
        var raised = SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, setup.Policies), setup.Calendar, now, cause);

        // A level's actions may change the priority or group, which may retarget the clocks and reach a
        // further level at once; a few rounds settle it (each level escalates once, so this ends).
        for (var round = 0; round < 4 && raised.Count > 0; round++)
        {
            if (!await RunLevelsAsync(ticket, raised, setup, now, ct))
            {
                break;
            }

            raised = SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, setup.Policies), setup.Calendar, now, "escalation actions");
        }
    }

    /// <summary>
    /// Runs the actions of the levels just reached, clock by clock, and alerts the supervisors once per clock:
    /// a sweep that finds a clock past several levels at once (the scheduler was down, say) sends one alert
    /// for the highest, naming the others. Every escalation is in the audit trail. True when the ticket changed.
    /// </summary>
    private async Task<bool> RunLevelsAsync(Ticket ticket, IReadOnlyList<SlaEscalation> raised, SlaSetup setup, DateTimeOffset now, CancellationToken ct)
    {
        var changed = false;
        foreach (var group in raised.GroupBy(e => (e.Metric, e.Cycle)))
        {
            var clock = ticket.SlaClocks.First(c => c.Metric == group.Key.Metric && c.Cycle == group.Key.Cycle);
            var policy = setup.Policies.FirstOrDefault(p => p.Id == clock.PolicyId);
            var levels = group.OrderBy(e => e.Level).ToList();
            var alert = new List<SlaEscalation>();
            foreach (var escalation in levels)
            {
                if (webhooks is not null && !escalation.IsReminder)
                {
                    // Told once per level reached, in the commit that records it (a sweep's unique escalation key keeps it once across nodes).
                    var breach = escalation.Level >= SlaEscalation.BreachLevel;
                    await webhooks.PublishAsync(breach ? WebhookEvents.SlaBreach : WebhookEvents.SlaWarning, ticket, new
                    {
                        ticket = WebhookTicket.Of(ticket), metric = WebhookTicket.Word(escalation.Metric.ToString()), cycle = escalation.Cycle,
                        percent = escalation.Percent, dueAt = clock.DueAt, targetMinutes = clock.TargetMinutes,
                    }, escalation.At, ct);
                }

                var action = escalation.IsReminder || policy is null
                    ? new SlaLevelAction(escalation.ActionLevel, alertSupervisors: true, null, null, null, null)
                    : policy.ActionAt(escalation.ActionLevel);
                if (action.AlertSupervisors)
                {
                    alert.Add(escalation);
                }
                else
                {
                    ticket.RecordEscalationAlert(escalation.Describe(escalation.Metric.Label()), "nobody (this level does not alert)", escalation.At);
                }

                if (action.ChangesTicket && ticket.Status != TicketStatus.Closed)
                {
                    changed |= await RunActionsAsync(ticket, action, now, ct);
                }
            }

            if (alert.Count > 0)
            {
                await QueueAlertAsync(ticket, clock, alert[^1], alert[..^1], setup, ct);
            }
        }

        return changed;
    }

    /// <summary>A level's changes to the ticket, made by the system; true when anything changed.</summary>
    private async Task<bool> RunActionsAsync(Ticket ticket, SlaLevelAction action, DateTimeOffset now, CancellationToken ct)
    {
        var version = (ticket.Priority, ticket.GroupId, ticket.AssigneeId, ticket.TagNames.Count());
        if (action.RaisePriority is { } priority && priority > ticket.Priority)
        {
            ticket.ChangePriority(priority, Actor.System, now);
        }

        if (action.GroupId is int groupId && groupId != ticket.GroupId && await tickets.FindGroupAsync(groupId, ct) is { } group)
        {
            ticket.ChangeGroup(group, Actor.System, now);
        }

        if (action.AgentId is { } agentId && agentId != ticket.AssigneeId && await tickets.FindAgentAsync(agentId, ct) is { IsActive: true } agent)
        {
            ticket.Assign(agent, Actor.System, now);
        }

        if (action.Tag is { } tag && !ticket.TagNames.Contains(tag))
        {
            ticket.SetTags(ticket.TagNames.Append(tag), Actor.System, now);
        }

        return version != (ticket.Priority, ticket.GroupId, ticket.AssigneeId, ticket.TagNames.Count());
    }

    private async Task QueueAlertAsync(Ticket ticket, SlaClock clock, SlaEscalation escalation, List<SlaEscalation> alsoPassed, SlaSetup setup, CancellationToken ct)
    {
        var key = ticket.GroupId ?? 0;
        if (!_supervisors.TryGetValue(key, out var supervisors))
        {
            supervisors = _supervisors[key] = await staff.SupervisorsAsync(ticket.GroupId, ct);
        }

        var metric = escalation.Metric.Label();
        var recipients = supervisors.Count == 0 ? "nobody (no active supervisor)" : string.Join(", ", supervisors.Select(s => s.Email));
        foreach (var passed in alsoPassed)
        {
            ticket.RecordEscalationAlert(passed.Describe(metric), $"{recipients}, in one alert with the later level", passed.At);
        }

        ticket.RecordEscalationAlert(escalation.Describe(metric), recipients, escalation.At);
        if (supervisors.Count == 0)
        {
            return;
        }

        var overdue = setup.Calendars.TryGetValue(clock.CalendarId, out var calendar) && clock.BreachedAt is { } breached
            ? calendar.Between(Instant.FromDateTimeOffset(breached), Instant.FromDateTimeOffset(time.GetUtcNow())).ToTimeSpan()
            : TimeSpan.Zero;
        mail.QueueEscalationAlert(ticket, clock, escalation, alsoPassed, supervisors, overdue);
    }
}
