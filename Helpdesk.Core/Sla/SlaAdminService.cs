using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Sla;

/// <summary>Admin use cases for calendars and policies. Every change applies from its moment on.</summary>
public sealed class SlaAdminService(ISlaStore store, ISlaRecompute recompute, TimeProvider time)
{
    public async Task<SlaCalendar> CreateCalendarAsync(CalendarInput input, CancellationToken ct = default)
    {
        var definition = Parse(input);
        if (await store.CalendarNameTakenAsync(definition.Name, null, ct))
        {
            throw new DomainException($"A calendar named {definition.Name} already exists.");
        }

        var calendar = new SlaCalendar(definition, time.GetUtcNow());
        store.Add(calendar);
        await store.SaveChangesAsync(ct);
        return calendar;
    }

    public async Task<SlaCalendar> UpdateCalendarAsync(int id, CalendarInput input, CancellationToken ct = default)
    {
        var definition = Parse(input);
        var calendar = await store.FindCalendarAsync(id, ct) ?? throw new NotFoundException("The calendar");
        if (await store.CalendarNameTakenAsync(definition.Name, id, ct))
        {
            throw new DomainException($"A calendar named {definition.Name} already exists.");
        }

        var previous = await store.SetupAsync(ct);
        var now = time.GetUtcNow();
        calendar.Replace(definition, now);
        store.Add(new SlaRecomputeRequest(previous, now, $"calendar {definition.Name} changed"));
        await store.SaveChangesAsync(ct);
        recompute.Nudge();
        return calendar;
    }

    /// <summary>After <see cref="CreatePolicyAsync"/>: the policy the new one was placed above, so that it applies at all, or null.</summary>
    public string? PlacedAbove { get; private set; }

    public async Task<SlaPolicy> CreatePolicyAsync(PolicyInput input, CancellationToken ct = default)
    {
        PlacedAbove = null;
        await RequireCalendarAsync(input.CalendarId, ct);
        var previous = await store.SetupAsync(ct);
        var policies = await store.PoliciesAsync(ct);
        var now = time.GetUtcNow();
        var policy = new SlaPolicy(input.Name, input.CalendarId, policies.Count == 0 ? 1 : policies.Max(p => p.Position) + 1);
        Apply(policy, input, now);

        // Added last, it would come after a policy that already matches all its tickets (a catch-all) and never
        // apply: it goes just above the first such policy instead.
        if (policies.OrderBy(p => p.Position).FirstOrDefault(p => p.Covers(policy)) is { } wider)
        {
            var at = wider.Position;
            foreach (var later in policies.Where(p => p.Position >= at))
            {
                (await store.FindPolicyAsync(later.Id, ct))!.MoveTo(later.Position + 1);
            }

            policy.MoveTo(at);
            PlacedAbove = wider.Name;
        }

        store.Add(policy);
        store.Add(new SlaRecomputeRequest(previous, now, $"policy {policy.Name} added"));
        await store.SaveChangesAsync(ct);
        recompute.Nudge();
        return policy;
    }

    public async Task<SlaPolicy> UpdatePolicyAsync(int id, PolicyInput input, CancellationToken ct = default)
    {
        await RequireCalendarAsync(input.CalendarId, ct);
        var policy = await store.FindPolicyAsync(id, ct) ?? throw new NotFoundException("The policy");
        var previous = await store.SetupAsync(ct);
        var now = time.GetUtcNow();
        Apply(policy, input, now);
        store.Add(new SlaRecomputeRequest(previous, now, $"policy {policy.Name} changed{(policy.IsActive ? string.Empty : " (deactivated)")}"));
        await store.SaveChangesAsync(ct);
        recompute.Nudge();
        return policy;
    }

    /// <summary>
    /// Deletes a policy from now on: the tickets on it move to the policy that applies next (their clocks keep the time
    /// already used) or, where none does, their clocks are cancelled, both by the recompute; the clocks it decided keep
    /// its name, so reports still say which policy they were measured against.
    /// </summary>
    public async Task<SlaPolicy> DeletePolicyAsync(int id, CancellationToken ct = default)
    {
        var policy = await store.FindPolicyAsync(id, ct) ?? throw new NotFoundException("The policy");
        var previous = await store.SetupAsync(ct);
        var now = time.GetUtcNow();
        store.Remove(policy);
        var position = 1;
        foreach (var other in (await store.PoliciesAsync(ct)).Where(p => p.Id != id))
        {
            (await store.FindPolicyAsync(other.Id, ct))!.MoveTo(position++);
        }

        store.Add(new SlaRecomputeRequest(previous, now, $"policy {policy.Name} deleted"));
        await store.SaveChangesAsync(ct);
        recompute.Nudge();
        return policy;
    }

    /// <summary>Moves a policy one place up (earlier, tried first) or down.</summary>
    public async Task MovePolicyAsync(int id, bool up, CancellationToken ct = default)
    {
        var ordered = (await store.PoliciesAsync(ct)).Select(p => p.Id).ToList();
        var index = ordered.IndexOf(id);
        var swap = up ? index - 1 : index + 1;
        if (index < 0 || swap < 0 || swap >= ordered.Count)
        {
            return;
        }

        (ordered[index], ordered[swap]) = (ordered[swap], ordered[index]);
        var previous = await store.SetupAsync(ct);
        for (var i = 0; i < ordered.Count; i++)
        {
            var policy = await store.FindPolicyAsync(ordered[i], ct);
            policy!.MoveTo(i + 1);
        }

        var now = time.GetUtcNow();
        store.Add(new SlaRecomputeRequest(previous, now, "policy order changed"));
        await store.SaveChangesAsync(ct);
        recompute.Nudge();
    }

    internal static void Apply(SlaPolicy policy, PolicyInput input, DateTimeOffset now)
    {
        policy.Update(input.Name, input.CalendarId, input.IsActive, input.Priorities, input.Channels, input.OrganizationIds,
            input.CategoryIds, input.PauseStatuses, input.WarnList(), input.TargetList(), now);
        policy.PauseDuringDisruptions(input.PauseDuringDisruptions);
        policy.SetEscalation(
            input.LevelRows().Select(l => new SlaLevelAction(l.Level, l.Alert, l.RaisePriority, l.GroupId, l.AgentId, l.Tag)),
            input.ReminderEveryMinutes,
            input.ReminderLimit);
    }

    private async Task RequireCalendarAsync(int id, CancellationToken ct) =>
        _ = await store.FindCalendarAsync(id, ct) ?? throw new NotFoundException("The calendar");

    internal static CalendarDefinition Parse(CalendarInput input)
    {
        var parsed = CalendarDefinition.Parse(input.Json);
        return parsed.Calendar ?? throw new DomainException(string.Join(" ", parsed.Errors));
    }
}
