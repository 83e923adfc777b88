using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Sla.Simulation;

/// <summary>One metric and priority under both setups: clocks met in time and missed (met late or breached).</summary>
public sealed record SimulationCell(SlaMetric Metric, TicketPriority Priority, int CurrentMet, int CurrentMissed, int DraftMet, int DraftMissed)
{
    public double? CurrentAchievement => Rate(CurrentMet, CurrentMissed);

    public double? DraftAchievement => Rate(DraftMet, DraftMissed);

    private static double? Rate(int met, int missed) => met + missed == 0 ? null : 100.0 * met / (met + missed);
}

/// <summary>A clock missed under one setup and not the other: the business time it used against each target.</summary>
public sealed record SimulationChange(
    int Number, string Subject, SlaMetric Metric, int Cycle, TicketPriority Priority,
    int? CurrentTargetMinutes, TimeSpan CurrentUsed, int? DraftTargetMinutes, TimeSpan DraftUsed);

/// <summary>The escalations a setup raises over the period: warning levels, breaches and the reminders after them.</summary>
public sealed record SimulationEscalations(int Warnings, int Breaches, int Reminders)
{
    public int Total => Warnings + Breaches + Reminders;
}

/// <summary>
/// A policy or calendar draft against the current setup over the tickets created in a period, both replayed from the same
/// recorded history: achievement per metric and priority, escalations, the median margin per metric, the clocks whose
/// outcome changes; and how faithfully the current setup's replay reproduces what was really recorded.
/// </summary>
public sealed class SimulationResult
{
    /// <summary>What was drafted, in words ("policy Standard" or "calendar Office hours").</summary>
    public required string Draft { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    /// <summary>The moment the replay runs to: clocks still running are judged as of then.</summary>
    public required DateTimeOffset Now { get; init; }

    public required int Tickets { get; init; }

    public required IReadOnlyList<SimulationCell> Cells { get; init; }

    public required SimulationEscalations CurrentEscalations { get; init; }

    public required SimulationEscalations DraftEscalations { get; init; }

    /// <summary>
    /// Per metric, the median business time left to the target when a clock stopped or the period was judged (negative: past it),
    /// over the clocks met or missed; null when there were none.
    /// </summary>
    public required IReadOnlyDictionary<SlaMetric, (TimeSpan? Current, TimeSpan? Draft)> MedianToBreach { get; init; }

    /// <summary>Clocks missed under the draft that the current setup meets (the first <see cref="ListLimit"/>).</summary>
    public required IReadOnlyList<SimulationChange> Gained { get; init; }

    public required int GainedCount { get; init; }

    /// <summary>Clocks the current setup misses that the draft meets (the first <see cref="ListLimit"/>).</summary>
    public required IReadOnlyList<SimulationChange> Lost { get; init; }

    public required int LostCount { get; init; }

    /// <summary>Recorded clocks compared with the current setup's replay, and how many came out the same.</summary>
    public required int RecordedClocks { get; init; }

    public required int Reproduced { get; init; }

    /// <summary>Tickets whose replay under the current setup differs from the record (their setup changed since, say): the first few.</summary>
    public required IReadOnlyList<int> NotReproduced { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public const int ListLimit = 200;

    public int MetCurrent => Cells.Sum(c => c.CurrentMet);

    public int MissedCurrent => Cells.Sum(c => c.CurrentMissed);

    public int MetDraft => Cells.Sum(c => c.DraftMet);

    public int MissedDraft => Cells.Sum(c => c.DraftMissed);

    public double? AchievementCurrent => MetCurrent + MissedCurrent == 0 ? null : 100.0 * MetCurrent / (MetCurrent + MissedCurrent);

    public double? AchievementDraft => MetDraft + MissedDraft == 0 ? null : 100.0 * MetDraft / (MetDraft + MissedDraft);
}

/// <summary>Adds up the replays of one ticket after another, keeping only counts, margins and the first changed clocks.</summary>
internal sealed class SimulationTally
{
    private readonly Dictionary<(SlaMetric, TicketPriority), int[]> _cells = [];
    private readonly Dictionary<SlaMetric, (List<long> Current, List<long> Draft)> _margins = [];
    private readonly int[] _escalations = new int[6];
    private readonly List<SimulationChange> _gained = [];
    private readonly List<SimulationChange> _lost = [];
    private readonly List<int> _notReproduced = [];

    public int Tickets { get; private set; }

    public int GainedCount { get; private set; }

    public int LostCount { get; private set; }

    public int RecordedClocks { get; private set; }

    public int Reproduced { get; private set; }

    public void Add(TicketHistory history, Ticket current, Ticket draft, DateTimeOffset now)
    {
        Tickets++;
        Count(current, draft: false, now);
        Count(draft, draft: true, now);

        var before = current.SlaClocks.ToDictionary(c => (c.Metric, c.Cycle));
        var after = draft.SlaClocks.ToDictionary(c => (c.Metric, c.Cycle));
        foreach (var key in before.Keys.Union(after.Keys))
        {
            var was = before.GetValueOrDefault(key);
            var will = after.GetValueOrDefault(key);
            var missedBefore = was is not null && TicketHistory.OutcomeOf(was, now) == ClockOutcome.Missed;
            var missedAfter = will is not null && TicketHistory.OutcomeOf(will, now) == ClockOutcome.Missed;
            if (missedBefore == missedAfter)
            {
                continue;
            }

            var change = new SimulationChange(history.Number, history.Subject, key.Metric, key.Cycle, (will is not null ? draft : current).Priority,
                was?.TargetMinutes, was?.Used ?? TimeSpan.Zero, will?.TargetMinutes, will?.Used ?? TimeSpan.Zero);
            if (missedAfter)
            {
                GainedCount++;
                if (_gained.Count < SimulationResult.ListLimit)
                {
                    _gained.Add(change);
                }
            }
            else
            {
                LostCount++;
                if (_lost.Count < SimulationResult.ListLimit)
                {
                    _lost.Add(change);
                }
            }
        }

        // The current setup's replay against what the live engine recorded.
        var recorded = history.Recorded.ToDictionary(c => (c.Metric, c.Cycle), c => c.Outcome);
        var same = recorded.Count == before.Count;
        foreach (var (key, outcome) in recorded)
        {
            RecordedClocks++;
            if (before.TryGetValue(key, out var clock) && TicketHistory.OutcomeOf(clock, now) == outcome)
            {
                Reproduced++;
            }
            else
            {
                same = false;
            }
        }

        if (!same && _notReproduced.Count < 20)
        {
            _notReproduced.Add(history.Number);
        }
    }

    private void Count(Ticket ticket, bool draft, DateTimeOffset now)
    {
        var offset = draft ? 3 : 0;
        foreach (var escalation in ticket.SlaEscalations)
        {
            _escalations[offset + (escalation.IsReminder ? 2 : escalation.IsBreach ? 1 : 0)]++;
        }

        foreach (var clock in ticket.SlaClocks)
        {
            var outcome = TicketHistory.OutcomeOf(clock, now);
            if (outcome is not (ClockOutcome.Met or ClockOutcome.Missed))
            {
                continue;
            }

            var key = (clock.Metric, ticket.Priority);
            if (!_cells.TryGetValue(key, out var cell))
            {
                _cells[key] = cell = new int[4];
            }

            cell[(draft ? 2 : 0) + (outcome == ClockOutcome.Met ? 0 : 1)]++;
            if (!_margins.TryGetValue(clock.Metric, out var margins))
            {
                _margins[clock.Metric] = margins = ([], []);
            }

            (draft ? margins.Draft : margins.Current).Add(TimeSpan.FromMinutes(clock.TargetMinutes).Ticks - clock.UsedTicks);
        }
    }

    public SimulationResult Result(string what, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, TimeSpan elapsed) => new()
    {
        Draft = what,
        From = from,
        To = to,
        Now = now,
        Tickets = Tickets,
        Cells = [.. _cells.OrderBy(c => c.Key.Item1).ThenByDescending(c => c.Key.Item2)
            .Select(c => new SimulationCell(c.Key.Item1, c.Key.Item2, c.Value[0], c.Value[1], c.Value[2], c.Value[3]))],
        CurrentEscalations = new(_escalations[0], _escalations[1], _escalations[2]),
        DraftEscalations = new(_escalations[3], _escalations[4], _escalations[5]),
        MedianToBreach = _margins.ToDictionary(m => m.Key, m => (Median(m.Value.Current), Median(m.Value.Draft))),
        Gained = _gained,
        GainedCount = GainedCount,
        Lost = _lost,
        LostCount = LostCount,
        RecordedClocks = RecordedClocks,
        Reproduced = Reproduced,
        NotReproduced = _notReproduced,
        Elapsed = elapsed,
    };

    private static TimeSpan? Median(List<long> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return TimeSpan.FromTicks(values.Count % 2 == 1 ? values[middle] : (values[middle - 1] / 2) + (values[middle] / 2));
    }
}
