using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>The read side of customers and organizations.</summary>
public interface IDirectoryQueries
{
    Task<Paged<CustomerRow>> CustomersAsync(string? text, int page, int pageSize, CancellationToken ct = default);

    Task<Customer?> GetCustomerAsync(int id, CancellationToken ct = default);

    Task<Paged<OrganizationRow>> OrganizationsAsync(string? text, int page, int pageSize, CancellationToken ct = default);

    Task<Organization?> GetOrganizationAsync(int id, CancellationToken ct = default);

    Task<IReadOnlyList<Organization>> AllOrganizationsAsync(CancellationToken ct = default);

    Task<IReadOnlyList<CustomerRow>> MembersAsync(int organizationId, CancellationToken ct = default);

    /// <summary>The newest tickets of a customer or of an organization.</summary>
    Task<Paged<QueueRow>> TicketsOfAsync(int? customerId, int? organizationId, int page, int pageSize, CancellationToken ct = default);
}

public sealed record CustomerRow(int Id, string Email, string? Name, string? OrganizationName, int? OrganizationId, int OpenTickets);

public sealed record OrganizationRow(int Id, string Name, IReadOnlyList<string> Domains, int Customers, int OpenTickets);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
