using Hangfire;
using Helpdesk.Core.Reports;

namespace Helpdesk.Infrastructure.Jobs;

/// <summary>
/// Looks for organizations whose report for the month just ended is due (the month's first business day has begun) and
/// sends each once (<see cref="MonthlyReportMailer"/>). On its schedule; what is sent already costs one read.
/// </summary>
[DisableConcurrentExecution(timeoutInSeconds: 30)]
[AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 10, 60, 300 })]
public sealed class MonthlyReportJob(MonthlyReportMailer mailer)
{
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var outcome = await mailer.RunAsync(cancellationToken);
        return outcome.Reports == 0 && outcome.AlreadySent == 0
            ? "nothing due"
            : $"{outcome.Reports} report(s) sent to {outcome.Emails} contact(s)" + (outcome.AlreadySent > 0 ? $"; {outcome.AlreadySent} sent by another node first" : string.Empty);
    }
}
