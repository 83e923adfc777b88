using Helpdesk.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public static class TicketsForChangeExtensions
{
    /// <summary>
    /// The one way to load tickets that will change: tracked, with everything the ticket's rules and the SLA engine
    /// read (requester and organization, assignee, group, category, tags, Cc, clocks). Every write path (agents, mail,
    /// disruptions, the sweep, the recompute) loads through here, so none can leave out what a policy matches on.
    /// </summary>
    public static IQueryable<Ticket> TicketsForChange(this HelpdeskDbContext db) =>
        db.Tickets
            .Include(t => t.Requester).ThenInclude(c => c.Organization)
            .Include(t => t.Assignee)
            .Include(t => t.Group)
            .Include(t => t.Category)
            .Include(t => t.Tags)
            .Include(t => t.Cc)
            .Include(t => t.SlaClocks)
            .AsSplitQuery();
}
