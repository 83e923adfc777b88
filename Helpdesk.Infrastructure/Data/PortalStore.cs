using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class PortalStore(HelpdeskDbContext db) : IPortalStore
{
    public void Add(PortalSignIn signIn) => db.Set<PortalSignIn>().Add(signIn);

    public Task<int> CountIssuedAsync(int customerId, DateTimeOffset since, CancellationToken ct = default) =>
        db.Set<PortalSignIn>().CountAsync(s => s.CustomerId == customerId && s.CreatedAt > since, ct);

    public async Task<int?> UseAsync(string tokenHash, DateTimeOffset now, CancellationToken ct = default)
    {
        // One conditional UPDATE: of two requests racing with the same link, exactly one changes the row.
        var used = await db.Set<PortalSignIn>()
            .Where(s => s.TokenHash == tokenHash && s.UsedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.UsedAt, now), ct);
        if (used == 0)
        {
            return null;
        }

        return await db.Set<PortalSignIn>().Where(s => s.TokenHash == tokenHash).Select(s => (int?)s.CustomerId).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<PortalTicketRow>> TicketsAsync(PortalViewer viewer, CancellationToken ct = default)
    {
        var mine = db.Tickets.Where(t => t.RequesterId == viewer.CustomerId);
        var visible = viewer.SharedOrganizationId is int organization
            ? mine.Union(db.Tickets.Where(t => t.OrganizationId == organization))
            : mine;
        if (viewer.Email is { } email)
        {
            visible = visible.Union(db.Tickets.Where(t => t.Cc.Any(c => c.Address == email))); // IX_TicketCc_Address
        }

        return await visible
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number)
            .Take(IPortalStore.Listed) // on the requester and organization indexes
            .Select(t => new PortalTicketRow(t.Number, t.Subject, t.Status, t.Requester.Name ?? t.Requester.Email, t.UpdatedAt, t.RequesterId == viewer.CustomerId))
            .ToListAsync(ct);
    }

    public Task<bool> CanSeeAsync(PortalViewer viewer, int number, CancellationToken ct = default) =>
        Visible(viewer).AnyAsync(t => t.Number == number, ct);

    public Task<Attachment?> AttachmentAsync(PortalViewer viewer, int number, long attachmentId, CancellationToken ct = default) =>
        db.Attachments.AsNoTracking()
            .Where(a => a.Id == attachmentId && a.Message.TicketNumber == number && a.Message.Visibility == MessageVisibility.Public)
            .Where(a => Visible(viewer).Any(t => t.Number == a.Message.TicketNumber))
            .FirstOrDefaultAsync(ct);

    private IQueryable<Ticket> Visible(PortalViewer viewer)
    {
        var shared = viewer.SharedOrganizationId;
        var email = viewer.Email;
        return db.Tickets.Where(t => t.RequesterId == viewer.CustomerId || (shared != null && t.OrganizationId == shared)
            || (email != null && t.Cc.Any(c => c.Address == email)));
    }
}
