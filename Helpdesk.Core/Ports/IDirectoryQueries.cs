using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Ports;

/// <summary>The read side of customers and organizations.</summary>
public interface IDirectoryQueries
{
    Task<Paged<CustomerRow>> CustomersAsync(string? text, int page, int pageSize, CancellationToken ct = default);

    Task<CustomerDetails?> GetCustomerAsync(int id, CancellationToken ct = default);

    Task<Paged<OrganizationRow>> OrganizationsAsync(string? text, int page, int pageSize, CancellationToken ct = default);

    Task<OrganizationDetails?> GetOrganizationAsync(int id, CancellationToken ct = default);

    /// <summary>Customers matching the text with an id above <paramref name="after"/>, by id: the API's cursor pages.</summary>
    Task<IReadOnlyList<CustomerRow>> CustomersAfterAsync(string? text, int? after, int take, CancellationToken ct = default);

    /// <summary>Organizations matching the text with an id above <paramref name="after"/>, by id: the API's cursor pages.</summary>
    Task<IReadOnlyList<OrganizationRow>> OrganizationsAfterAsync(string? text, int? after, int take, CancellationToken ct = default);

    Task<IReadOnlyList<NamedOption>> AllOrganizationsAsync(CancellationToken ct = default);

    Task<IReadOnlyList<CustomerRow>> MembersAsync(int organizationId, CancellationToken ct = default);

    /// <summary>The newest tickets of a customer or of an organization.</summary>
    Task<Paged<QueueRow>> TicketsOfAsync(int? customerId, int? organizationId, int page, int pageSize, CancellationToken ct = default);
}

public sealed record CustomerRow(int Id, string Email, string? Name, string? OrganizationName, int? OrganizationId, int OpenTickets);

/// <summary>A customer as their page and its form show them.</summary>
public sealed record CustomerDetails(
    int Id, string Email, string? Name, string DisplayName, string? Phone, string? Notes, int? OrganizationId, string? OrganizationName,
    DateTimeOffset CreatedAt, bool NoticesOptIn, bool NoticesOptOut, string? TimeZone = null, string? OrganizationTimeZone = null, bool MonthlyReport = false, string? Language = null);

/// <summary>An organization as its page and its form show it.</summary>
public sealed record OrganizationDetails(int Id, string Name, IReadOnlyList<string> Domains, string? Notes, string? TimeZone = null, bool SharesTickets = false, string? Language = null)
{
    /// <summary>The domains as one line, as the form takes them; null when there are none.</summary>
    public string? DomainText => Domains.Count == 0 ? null : string.Join(' ', Domains);
}

public sealed record OrganizationRow(int Id, string Name, IReadOnlyList<string> Domains, int Customers, int OpenTickets);

public sealed record Paged<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
