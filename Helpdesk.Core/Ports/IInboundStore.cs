using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;

namespace Helpdesk.Core.Ports;

/// <summary>Received emails, and the lookups threading needs.</summary>
public interface IInboundStore
{
    Task<InboundMessage?> FindAsync(string mailbox, string messageId, string contentHash, CancellationToken ct = default);

    Task<InboundMessage?> FindAsync(long id, CancellationToken ct = default);

    void Add(InboundMessage message);

    /// <summary>The ticket a Message-ID belongs to: one we sent for it, or one we received on it.</summary>
    Task<int?> TicketForMessageIdsAsync(IReadOnlyCollection<string> messageIds, CancellationToken ct = default);

    /// <summary>How many messages an address sent us since a moment (for the acknowledgement rate limit).</summary>
    Task<int> CountFromAsync(string address, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>How many acknowledgements were queued since a moment, to anyone (the overall cap against backscatter).</summary>
    Task<int> CountAcknowledgementsAsync(DateTimeOffset since, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);

    /// <summary>Forgets every unsaved change of this unit of work (after a failure, before recording it).</summary>
    void DiscardChanges();
}
