using Hangfire;
using Helpdesk.Core.Automations;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>Runs the automations on the tickets that are due (<see cref="AutomationService"/>); each once per ticket and event, whichever node runs it.</summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 10, 60, 300 })]
public sealed class AutomationsJob(AutomationService automations)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var outcome = await automations.RunAsync(cancellationToken);
        var said = outcome.Applied == 0 && outcome.NotYet == 0 && outcome.ElsewhereOrChanged == 0
            ? "nothing due"
            : $"{outcome.Applied} ticket(s) changed" + (outcome.NotYet > 0 ? $"; {outcome.NotYet} not yet due in business hours" : string.Empty)
                + (outcome.ElsewhereOrChanged > 0 ? $"; {outcome.ElsewhereOrChanged} changed meanwhile or done by another node" : string.Empty);
        return outcome.Failures.Count == 0 ? said : $"{said}; {outcome.Failures.Count} failed: {string.Join(" | ", outcome.Failures.Take(5))}";
    }
}
