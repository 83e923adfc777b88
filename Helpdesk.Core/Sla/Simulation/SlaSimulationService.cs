using System.Diagnostics;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Sla.Simulation;

/// <summary>
/// Replays the tickets created in a past period under a draft of a policy or a calendar and under the current setup, side by side
/// (decision 021). Reads only: nothing is saved, no clock, alert or recompute of the live tickets changes.
/// </summary>
public sealed class SlaSimulationService(ISlaStore store, ISlaHistory history, TimeProvider time)
{
    /// <summary>The most tickets one simulation replays (about a year of a busy helpdesk); a longer period is refused, not cut.</summary>
    public const int MaxTickets = 100_000;

    /// <summary>What the current setup would be with the policy replaced by the draft (unsaved changes from its form).</summary>
    public async Task<SimulationResult> PolicyAsync(int policyId, PolicyInput draft, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var current = await store.SetupAsync(ct);
        var saved = current.Policies.FirstOrDefault(p => p.Id == policyId) ?? throw new NotFoundException("The policy");
        if (!current.Calendars.ContainsKey(draft.CalendarId))
        {
            throw new NotFoundException("The calendar");
        }

        var policy = new SlaPolicy(saved.Id, draft.Name, draft.CalendarId, saved.Position);
        SlaAdminService.Apply(policy, draft, time.GetUtcNow());
        var changed = new SlaSetup([.. current.Policies.Select(p => p.Id == policyId ? policy : p)], current.Calendars);
        return await RunAsync($"policy {policy.Name}", current, changed, from, to, ct);
    }

    /// <summary>What the current setup would be with the calendar's definition replaced by the draft.</summary>
    public async Task<SimulationResult> CalendarAsync(int calendarId, CalendarInput draft, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var current = await store.SetupAsync(ct);
        if (!current.Calendars.ContainsKey(calendarId))
        {
            throw new NotFoundException("The calendar");
        }

        var definition = SlaAdminService.Parse(draft);
        var calendars = current.Calendars.ToDictionary(c => c.Key, c => c.Value);
        calendars[calendarId] = new BusinessCalendar(definition);
        return await RunAsync($"calendar {definition.Name}", current, new SlaSetup(current.Policies, calendars), from, to, ct);
    }

    /// <summary>Both setups over the tickets created in [from, to): each ticket's history is read once and replayed twice.</summary>
    public async Task<SimulationResult> RunAsync(string what, SlaSetup current, SlaSetup draft, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (to > now)
        {
            to = now;
        }

        if (from >= to)
        {
            throw new DomainException("Pick a period in the past: its start before its end.");
        }

        var count = await history.CountAsync(from, to, ct);
        if (count > MaxTickets)
        {
            throw new DomainException($"{count:N0} tickets were created in that period; a simulation replays at most {MaxTickets:N0}. Pick a shorter period.");
        }

        var watch = Stopwatch.StartNew();
        var tally = new SimulationTally();
        await foreach (var ticket in history.ReadAsync(from, to, now, ct))
        {
            tally.Add(ticket, SlaReplay.Run(ticket, current, now), SlaReplay.Run(ticket, draft, now), now);
        }

        return tally.Result(what, from, to, now, watch.Elapsed);
    }
}
