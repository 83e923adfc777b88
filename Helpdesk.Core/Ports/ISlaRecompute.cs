using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Sla;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Ports;

/// <summary>Wakes whatever brings the running clocks in line after a calendar or policy change.</summary>
public interface ISlaRecompute
{
    /// <summary>A <see cref="SlaRecomputeRequest"/> was committed: process it now rather than at the next poll.</summary>
    void Nudge();
}
