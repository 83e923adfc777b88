using Helpdesk.Core.Sla;
using Helpdesk.Infrastructure.Data;

namespace Helpdesk.Tests.Support;

/// <summary>Test data written straight through the database context, below the services.</summary>
public static class DirectWrites
{
    /// <summary>
    /// Commits, after running the SLA engine with no policy on every changed ticket (no clocks start): the context
    /// refuses a ticket whose clocks are behind its changes, and these tests are about storage, not clocks.
    /// </summary>
    public static Task<int> SaveWithoutPolicyAsync(this HelpdeskDbContext db)
    {
        foreach (var ticket in db.ChangeTracker.Entries<Core.Domain.Ticket>().Select(e => e.Entity).Where(t => t.ClocksBehind))
        {
            ticket.FollowWithoutPolicy();
        }

        return db.SaveChangesAsync();
    }

    /// <summary>The SLA engine's run with no policy: the ticket's clocks (none) follow its changes.</summary>
    public static void FollowWithoutPolicy(this Core.Domain.Ticket ticket) =>
        SlaEngine.Apply(ticket, null, _ => throw new InvalidOperationException("No policy, so no calendar."), ticket.UpdatedAt, "test data");
}
