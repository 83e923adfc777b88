using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>Wakes the dispatcher after a commit that queued mail, so it need not wait for its next turn.</summary>
public interface IOutboxNudge
{
    void Nudge();
}
