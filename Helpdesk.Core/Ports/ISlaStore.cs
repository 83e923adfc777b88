using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Ports;

/// <summary>SLA calendars and policies: the setup the engine reads on every ticket change, and their admin.</summary>
public interface ISlaStore
{
    /// <summary>Active policies in order, with their targets, and every calendar compiled; cached between changes.</summary>
    Task<SlaSetup> SetupAsync(CancellationToken ct = default);

    Task<IReadOnlyList<SlaCalendar>> CalendarsAsync(CancellationToken ct = default);

    Task<SlaCalendar?> FindCalendarAsync(int id, CancellationToken ct = default);

    Task<bool> CalendarNameTakenAsync(string name, int? exceptId, CancellationToken ct = default);

    /// <summary>All policies, active or not, in order, with their targets.</summary>
    Task<IReadOnlyList<SlaPolicy>> PoliciesAsync(CancellationToken ct = default);

    Task<SlaPolicy?> FindPolicyAsync(int id, CancellationToken ct = default);

    void Add(SlaCalendar calendar);

    /// <summary>What still uses a calendar: policies (active or not) and ticket clocks, counted; both zero: it can go.</summary>
    Task<(int Policies, int Clocks)> CalendarUseAsync(int id, CancellationToken ct = default);

    void Remove(SlaCalendar calendar);

    void Add(SlaPolicy policy);

    /// <summary>How many clocks of unsolved tickets run (or stand paused) on the policy now.</summary>
    Task<int> PolicyUseAsync(int id, CancellationToken ct = default);

    void Remove(SlaPolicy policy);

    /// <summary>A recompute request, committed with the change that causes it.</summary>
    void Add(SlaRecomputeRequest request);

    /// <summary>Commits an admin change to calendars or policies and drops the cached setup.</summary>
    Task SaveChangesAsync(CancellationToken ct = default);
}

public sealed record SlaSetup(IReadOnlyList<SlaPolicy> Policies, IReadOnlyDictionary<int, BusinessCalendar> Calendars)
{
    public static SlaSetup Empty { get; } = new([], new Dictionary<int, BusinessCalendar>());

    public BusinessCalendar Calendar(int id) =>
        Calendars.TryGetValue(id, out var calendar) ? calendar : throw new InvalidOperationException($"SLA calendar {id} is missing.");
}
