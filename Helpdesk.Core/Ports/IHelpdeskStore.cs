using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>The write side: loads aggregates for change and commits them as one unit.</summary>
public interface IHelpdeskStore
{
    /// <summary>Loads a ticket with everything its rules touch, tracked for change.</summary>
    Task<Ticket?> FindTicketAsync(int number, CancellationToken ct = default);

    /// <summary>Loads a tracked ticket's whole conversation with its attachments (a merge moves it).</summary>
    Task LoadConversationAsync(Ticket ticket, CancellationToken ct = default);

    Task<Agent?> FindAgentAsync(string id, CancellationToken ct = default);

    Task<Group?> FindGroupAsync(int id, CancellationToken ct = default);

    Task<Category?> FindCategoryAsync(int id, CancellationToken ct = default);

    Task<Customer?> FindCustomerAsync(int id, CancellationToken ct = default);

    Task<Customer?> FindCustomerByEmailAsync(EmailAddress email, CancellationToken ct = default);

    Task<Organization?> FindOrganizationAsync(int id, CancellationToken ct = default);

    /// <summary>The organization that lists this email domain, if any.</summary>
    Task<Organization?> FindOrganizationByDomainAsync(string domain, CancellationToken ct = default);

    Task<bool> OrganizationNameTakenAsync(string name, int? exceptId, CancellationToken ct = default);

    void Add(Ticket ticket);

    void Add(Customer customer);

    void Add(Organization organization);

    /// <summary>The tickets of this unit of work whose SLA clocks are behind their changes (new ones included).</summary>
    IReadOnlyList<Ticket> ChangedTickets();

    /// <summary>Makes the commit fail unless the ticket is still at the version the editor saw.</summary>
    void ExpectVersion(Ticket ticket, int seenVersion);

    /// <summary>Ends the unit of work: forgets every loaded entity and unsaved change (between the tickets of a bulk action).</summary>
    void Forget();

    /// <summary>Commits; throws <see cref="ConcurrencyConflictException"/> when a ticket changed underneath.</summary>
    Task SaveChangesAsync(CancellationToken ct = default);
}
