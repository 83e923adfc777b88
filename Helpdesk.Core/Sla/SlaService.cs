using System.Text;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using NodaTime;

namespace Helpdesk.Core.Sla;

/// <summary>Supervisors to alert: those of a group, or every supervisor when the group has none.</summary>
public interface IStaffDirectory
{
    Task<IReadOnlyList<StaffContact>> SupervisorsAsync(int? groupId, CancellationToken ct = default);
}

public sealed record StaffContact(string Email, string DisplayName);

/// <summary>
/// Applies the SLA engine to a ticket inside the caller's unit of work, and queues an alert email to the
/// supervisors for each escalation it raised, in the same unit of work.
/// </summary>
public sealed class SlaService(ISlaStore store, IStaffDirectory staff, IOutboxStore outbox, IHelpdeskStore tickets, MailIdentity identity, TimeProvider time)
{
    // A sweep escalates many tickets in one unit of work; the supervisors of a group are looked up once.
    private readonly Dictionary<int, IReadOnlyList<StaffContact>> _supervisors = [];

    public async Task ApplyAsync(Ticket ticket, DateTimeOffset now, string cause, CancellationToken ct = default)
    {
        var setup = await store.SetupAsync(ct);
        var before = ticket.SlaEscalations.Count;
        var policy = SlaEngine.PolicyFor(ticket, setup.Policies);
        SlaEngine.Apply(ticket, policy, setup.Calendar, now, cause);
        var raised = ticket.SlaEscalations.Skip(before).ToList();
        foreach (var escalation in raised)
        {
            await QueueAlertAsync(ticket, escalation, setup, ct);
        }

        if (policy is { HasBreachActions: true } && raised.Any(e => e.IsBreach))
        {
            await RunBreachActionsAsync(ticket, policy, setup, now, ct);
        }
    }

    /// <summary>The policy's breach actions, as changes by the system; the clocks then follow the new priority or group.</summary>
    private async Task RunBreachActionsAsync(Ticket ticket, SlaPolicy policy, SlaSetup setup, DateTimeOffset now, CancellationToken ct)
    {
        if (ticket.Status == TicketStatus.Closed)
        {
            return;
        }

        if (policy.BreachPriority is { } priority && priority > ticket.Priority)
        {
            ticket.ChangePriority(priority, Actor.System, now);
        }

        if (policy.BreachGroupId is int groupId && groupId != ticket.GroupId && await tickets.FindGroupAsync(groupId, ct) is { } group)
        {
            ticket.ChangeGroup(group, Actor.System, now);
        }

        if (policy.BreachTag is { } tag && !ticket.TagNames.Contains(tag))
        {
            ticket.SetTags(ticket.TagNames.Append(tag), Actor.System, now);
        }

        var before = ticket.SlaEscalations.Count;
        SlaEngine.Apply(ticket, SlaEngine.PolicyFor(ticket, setup.Policies), setup.Calendar, now, "breach escalation actions");
        foreach (var escalation in ticket.SlaEscalations.Skip(before).ToList())
        {
            await QueueAlertAsync(ticket, escalation, setup, ct);
        }
    }

    private async Task QueueAlertAsync(Ticket ticket, SlaEscalation escalation, SlaSetup setup, CancellationToken ct)
    {
        var key = ticket.GroupId ?? 0;
        if (!_supervisors.TryGetValue(key, out var supervisors))
        {
            supervisors = _supervisors[key] = await staff.SupervisorsAsync(ticket.GroupId, ct);
        }

        var clock = ticket.SlaClocks.Where(c => c.Metric == escalation.Metric && c.Cycle == escalation.Cycle).First();
        var metric = escalation.Metric switch
        {
            SlaMetric.FirstResponse => "First response",
            SlaMetric.NextResponse => "Next response",
            _ => "Resolution",
        };
        var now = time.GetUtcNow();
        string state;
        if (escalation.IsBreach)
        {
            var overdue = setup.Calendars.TryGetValue(clock.CalendarId, out var calendar) && clock.BreachedAt is { } breached
                ? calendar.Between(Instant.FromDateTimeOffset(breached), Instant.FromDateTimeOffset(now)).ToTimeSpan()
                : TimeSpan.Zero;
            state = $"BREACHED, overdue {SlaEngine.Format(overdue)} (business time)";
        }
        else
        {
            var left = TimeSpan.FromMinutes(clock.TargetMinutes * (100 - escalation.Percent!.Value) / 100.0);
            state = $"{escalation.Percent} % of the target used, {SlaEngine.Format(left)} left (business time)";
        }

        ticket.RecordEscalationAlert(
            $"{metric} {(escalation.IsBreach ? "breached" : $"at {escalation.Percent} %")}",
            supervisors.Count == 0 ? "nobody (no active supervisor)" : string.Join(", ", supervisors.Select(s => s.Email)),
            escalation.At);
        if (supervisors.Count == 0)
        {
            return;
        }

        var subject = escalation.IsBreach
            ? $"[#{ticket.Number}] SLA breached: {metric} — {ticket.Subject}"
            : $"[#{ticket.Number}] SLA warning ({escalation.Percent} %): {metric} — {ticket.Subject}";
        var body = new StringBuilder()
            .AppendLine($"Ticket #{ticket.Number}: {ticket.Subject}")
            .AppendLine($"Customer: {(ticket.Requester.Name is { } name ? $"{name} <{ticket.Requester.Email}>" : ticket.Requester.Email)}{(ticket.Requester.Organization is { } org ? $" ({org.Name})" : string.Empty)}")
            .AppendLine($"Metric: {metric}, target {SlaEngine.Format(clock.TargetMinutes)} on {clock.PolicyName}")
            .AppendLine($"State: {state}")
            .AppendLine($"Due: {(clock.DueAt ?? clock.BreachedAt)?.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "paused"}")
            .AppendLine($"Priority: {ticket.Priority}; status: {ticket.Status.Label()}")
            .AppendLine($"Assignee: {ticket.Assignee?.DisplayName ?? "nobody"}{(ticket.Group is { } g ? $" ({g.Name})" : string.Empty)}")
            .AppendLine()
            .AppendLine($"Open the ticket: {identity.BaseUrl}/tickets/{ticket.Number}")
            .ToString();
        outbox.Add(new OutboxMessage(
            OutboxKind.Alert,
            ticket.Number,
            identity.NewMessageId(),
            string.Join(", ", supervisors.Select(s => s.Email)),
            null,
            subject,
            body,
            null,
            null,
            automatic: true,
            now));
    }
}
