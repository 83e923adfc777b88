using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>The outbox as the jobs page shows it: depth, retrying and dead-lettered messages, and the admin's actions.</summary>
public interface IOutboxAdmin
{
    Task<OutboxSummary> SummaryAsync(CancellationToken ct = default);

    /// <summary>A dead-lettered message goes back in the queue, to be sent at once.</summary>
    Task RetryAsync(long id, CancellationToken ct = default);

    /// <summary>A message that failed is never sent.</summary>
    Task DiscardAsync(long id, CancellationToken ct = default);
}

/// <summary>Messages by state, how many are being retried, and the latest ones in trouble.</summary>
public sealed record OutboxSummary(IReadOnlyDictionary<OutboxState, int> Counts, int Retrying, IReadOnlyList<OutboxProblem> Problems);

/// <summary>A message that failed: retrying (when next) or dead-lettered, with its last error.</summary>
public sealed record OutboxProblem(long Id, string Subject, string MessageId, string To, OutboxState State, DateTimeOffset NextAttemptAt, int Attempts, string? LastError);
