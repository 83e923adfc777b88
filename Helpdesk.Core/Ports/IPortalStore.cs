using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>The portal's sign-in links and what a signed-in customer may see.</summary>
public interface IPortalStore
{
    /// <summary>The newest requests the portal lists (by creation).</summary>
    const int Listed = 200;

    void Add(PortalSignIn signIn);

    /// <summary>How many links were issued to the customer after <paramref name="since"/> (the per-address limit).</summary>
    Task<int> CountIssuedAsync(int customerId, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>
    /// Marks the unexpired, unused link with this hash as used, atomically (two tabs racing get one sign-in), and
    /// returns its customer; null when there is no such link, it expired or it was used.
    /// </summary>
    Task<int?> UseAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>The customer's own tickets, and their organization's when it shares them, most recently changed first.</summary>
    Task<IReadOnlyList<PortalTicketRow>> TicketsAsync(PortalViewer viewer, CancellationToken ct = default);

    /// <summary>Whether the customer may see the ticket: theirs, or their organization's when it shares them.</summary>
    Task<bool> CanSeeAsync(PortalViewer viewer, int number, CancellationToken ct = default);

    /// <summary>A public message's attachment on a ticket the customer may see; null otherwise (internal notes' files included).</summary>
    Task<Attachment?> AttachmentAsync(PortalViewer viewer, int number, long attachmentId, CancellationToken ct = default);
}

/// <summary>Who is looking: the signed-in customer and, when their organization shares its tickets, that organization.</summary>
/// <summary>Who is signed in to the portal: their own tickets, those they follow (on the Cc, e.g. after a merge) and, when their organization shares tickets, its tickets.</summary>
public sealed record PortalViewer(int CustomerId, int? SharedOrganizationId, string? Email = null);

public sealed record PortalTicketRow(int Number, string Subject, TicketStatus Status, string Requester, DateTimeOffset UpdatedAt, bool Mine);
