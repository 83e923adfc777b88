using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Domain;

/// <summary>What the SLA engine keeps on the ticket: the clocks, their events and escalations, and the queue's urgency summary. Only the engine (this assembly) changes them.</summary>
public sealed partial class Ticket
{
    private readonly List<SlaClock> _slaClocks = [];
    private readonly List<SlaEvent> _slaEvents = [];
    private readonly List<SlaEscalation> _slaEscalations = [];

    /// <summary>The ticket changed since the SLA engine last ran on it in this unit of work.</summary>
    public bool ClocksBehind => _clocksBehind;

    /// <summary>The SLA policy that governs the ticket now, if any.</summary>
    public int? SlaPolicyId { get; private set; }

    /// <summary>Due moment of the most urgent running clock, or <see cref="SlaEngine.NoDeadline"/>: the queue's urgency order.</summary>
    public DateTimeOffset SlaDueAt { get; private set; } = SlaEngine.NoDeadline;

    /// <summary>When the most urgent running clock reaches (or reached) its first warning level.</summary>
    public DateTimeOffset? SlaWarnAt { get; private set; }

    public SlaMetric? SlaMetric { get; private set; }

    public IReadOnlyCollection<SlaClock> SlaClocks => _slaClocks.AsReadOnly();

    /// <summary>
    /// The moment the customer is promised a first reply: the due moment the engine set on the running first-response
    /// clock; null when no target applies, the clock is paused or the first reply was given.
    /// </summary>
    public DateTimeOffset? FirstReplyPromisedBy =>
        _slaClocks.Where(c => c.Metric == Sla.SlaMetric.FirstResponse && c.State == SlaClockState.Running).MaxBy(c => c.Cycle)?.DueAt;

    public IReadOnlyCollection<SlaEvent> SlaEvents => _slaEvents.AsReadOnly();

    /// <summary>Escalations raised while this instance was loaded (the table holds them all).</summary>
    public IReadOnlyCollection<SlaEscalation> SlaEscalations => _slaEscalations.AsReadOnly();

    internal SlaClock StartSlaClock(SlaMetric metric, int cycle, SlaPolicy policy, int targetMinutes, DateTimeOffset at)
    {
        var clock = new SlaClock(this, metric, cycle, policy, targetMinutes, at);
        _slaClocks.Add(clock);
        return clock;
    }

    internal void RecordSla(SlaClock clock, SlaEventKind kind, DateTimeOffset at, string detail) =>
        _slaEvents.Add(new SlaEvent(this, clock.Metric, clock.Cycle, kind, at, detail));

    /// <summary>An escalation's alert, in the ticket's own audit trail.</summary>
    internal void RecordEscalationAlert(string what, string recipients, DateTimeOffset at) =>
        Record(Actor.System, at, "Escalation", null, $"{what}; alert to {recipients}");

    internal SlaEscalation Escalate(SlaClock clock, int level, int? percent, DateTimeOffset at)
    {
        var escalation = new SlaEscalation(this, clock, level, percent, at);
        _slaEscalations.Add(escalation);
        return escalation;
    }

    internal void SetSlaSummary(int? policyId, DateTimeOffset dueAt, DateTimeOffset? warnAt, SlaMetric? metric)
    {
        SlaPolicyId = policyId;
        SlaDueAt = dueAt;
        SlaWarnAt = warnAt;
        SlaMetric = metric;
    }

    /// <summary>The SLA engine has brought the clocks up to date with the ticket.</summary>
    internal void ClocksFollowed() => _clocksBehind = false;
}
