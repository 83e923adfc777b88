using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Services;
using Helpdesk.Core.Sla;

namespace Helpdesk.Core.Ports;

public interface IDisruptionStore
{
    void Add(Disruption disruption);

    void Add(DisruptionNotice notice);

    Task<Disruption?> FindAsync(int id, CancellationToken ct = default);

    /// <summary>
    /// The customers a disruption touches, once each: those with unsolved tickets in its scope, and the
    /// contacts of its organizations (or of all, when it touches everyone) who asked for notices; never those
    /// who opted out.
    /// </summary>
    Task<IReadOnlyList<NoticeRecipient>> RecipientsAsync(Disruption disruption, CancellationToken ct = default);

    /// <summary>The active disruptions with their updates (few; read for every new ticket).</summary>
    Task<IReadOnlyList<Disruption>> ActiveAsync(CancellationToken ct = default);

    /// <summary>
    /// Disruptions still going, or ended after <paramref name="since"/>, and (with <paramref name="until"/>) started
    /// before it, without their updates (for availability).
    /// </summary>
    Task<IReadOnlyList<Disruption>> SinceAsync(DateTimeOffset since, CancellationToken ct = default, DateTimeOffset? until = null);

    /// <summary>Active disruptions and those ended since then; with <paramref name="everyoneOnly"/>, only those declared for everyone (the public page).</summary>
    Task<IReadOnlyList<Disruption>> RecentAsync(DateTimeOffset since, CancellationToken ct = default, bool everyoneOnly = false);

    /// <summary>Linked tickets whose disruption has not ended for them yet, tracked for change.</summary>
    Task<IReadOnlyList<Ticket>> OngoingTicketsAsync(int disruptionId, CancellationToken ct = default);

    /// <summary>Linked tickets not yet solved, tracked for change.</summary>
    Task<IReadOnlyList<Ticket>> UnsolvedTicketsAsync(int disruptionId, CancellationToken ct = default);

    /// <summary>The tickets linked to a disruption, for its page: counts and the first <paramref name="take"/>, unsolved first.</summary>
    Task<LinkedTickets> LinkedAsync(int disruptionId, int take, CancellationToken ct = default);

    /// <summary>
    /// Unsolved tickets in a disruption's scope that no active disruption holds yet (those its declaration links):
    /// how many, and the first <paramref name="take"/> by number.
    /// </summary>
    Task<LinkedTickets> InScopeAsync(Disruption disruption, int take, CancellationToken ct = default);

    /// <summary>The same tickets, tracked for change.</summary>
    Task<IReadOnlyList<Ticket>> InScopeForChangeAsync(Disruption disruption, CancellationToken ct = default);

    /// <summary>Runs <paramref name="work"/> in one database transaction, committed when it returns.</summary>
    Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);
}
