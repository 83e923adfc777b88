using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class DirectoryQueries(HelpdeskDbContext db) : IDirectoryQueries
{
    public async Task<Paged<CustomerRow>> CustomersAsync(string? text, int page, int pageSize, CancellationToken ct = default)
    {
        var customers = CustomersMatching(text);
        var total = await customers.CountAsync(ct);
        page = ClampPage(page, total, pageSize);
        var items = await customers
            .OrderBy(c => c.Name ?? c.Email).ThenBy(c => c.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(c => new CustomerRow(
                c.Id,
                c.Email,
                c.Name,
                c.Organization != null ? c.Organization.Name : null,
                c.OrganizationId,
                db.Tickets.Count(t => t.RequesterId == c.Id && t.Status < TicketStatus.Solved)))
            .ToListAsync(ct);
        return new Paged<CustomerRow>(items, total, page, pageSize);
    }

    public Task<CustomerDetails?> GetCustomerAsync(int id, CancellationToken ct = default) =>
        db.Customers.AsNoTracking()
            .Where(c => c.Id == id)
            .Select(c => new CustomerDetails(
                c.Id, c.Email, c.Name, c.Name ?? c.Email, c.Phone, c.Notes, c.OrganizationId, c.Organization != null ? c.Organization.Name : null,
                c.CreatedAt, c.NoticesOptIn, c.NoticesOptOut, c.TimeZone, c.Organization == null ? null : c.Organization.TimeZone, c.MonthlyReport, c.Language))
            .FirstOrDefaultAsync(ct);

    public async Task<Paged<OrganizationRow>> OrganizationsAsync(string? text, int page, int pageSize, CancellationToken ct = default)
    {
        var organizations = OrganizationsMatching(text);
        var total = await organizations.CountAsync(ct);
        page = ClampPage(page, total, pageSize);
        var items = await organizations
            .OrderBy(o => o.Name).ThenBy(o => o.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(o => new OrganizationRow(
                o.Id,
                o.Name,
                o.Domains.Select(d => d.Domain).ToList(),
                db.Customers.Count(c => c.OrganizationId == o.Id),
                db.Tickets.Count(t => t.OrganizationId == o.Id && t.Status < TicketStatus.Solved)))
            .ToListAsync(ct);
        return new Paged<OrganizationRow>(items, total, page, pageSize);
    }

    public Task<OrganizationDetails?> GetOrganizationAsync(int id, CancellationToken ct = default) =>
        db.Organizations.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new OrganizationDetails(o.Id, o.Name, o.Domains.Select(d => d.Domain).ToList(), o.Notes, o.TimeZone, o.SharesTickets, o.Language))
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<CustomerRow>> CustomersAfterAsync(string? text, int? after, int take, CancellationToken ct = default)
    {
        var customers = CustomersMatching(text);
        if (after is int id)
        {
            customers = customers.Where(c => c.Id > id);
        }

        return await customers.OrderBy(c => c.Id).Take(take)
            .Select(c => new CustomerRow(
                c.Id, c.Email, c.Name, c.Organization != null ? c.Organization.Name : null, c.OrganizationId,
                db.Tickets.Count(t => t.RequesterId == c.Id && t.Status < TicketStatus.Solved)))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<OrganizationRow>> OrganizationsAfterAsync(string? text, int? after, int take, CancellationToken ct = default)
    {
        var organizations = OrganizationsMatching(text);
        if (after is int id)
        {
            organizations = organizations.Where(o => o.Id > id);
        }

        return await organizations.OrderBy(o => o.Id).Take(take)
            .Select(o => new OrganizationRow(
                o.Id, o.Name, o.Domains.Select(d => d.Domain).ToList(),
                db.Customers.Count(c => c.OrganizationId == o.Id),
                db.Tickets.Count(t => t.OrganizationId == o.Id && t.Status < TicketStatus.Solved)))
            .ToListAsync(ct);
    }

    /// <summary>Customers whose email or name contains the text (all without one).</summary>
    private IQueryable<Customer> CustomersMatching(string? text)
    {
        var customers = db.Customers.AsNoTracking();
        if (string.IsNullOrWhiteSpace(text))
        {
            return customers;
        }

        var pattern = "%" + TicketQueries.EscapeLike(Bounded(text), brackets: db.Provider == DatabaseProvider.SqlServer) + "%";
        return db.Provider == DatabaseProvider.Postgres
            ? customers.Where(c => EF.Functions.ILike(c.Email, pattern, "\\") || (c.Name != null && EF.Functions.ILike(c.Name, pattern, "\\")))
            : customers.Where(c => EF.Functions.Like(c.Email, pattern, "\\") || (c.Name != null && EF.Functions.Like(c.Name, pattern, "\\")));
    }

    /// <summary>Organizations whose name or one of whose domains contains the text (all without one).</summary>
    private IQueryable<Organization> OrganizationsMatching(string? text)
    {
        var organizations = db.Organizations.AsNoTracking();
        if (string.IsNullOrWhiteSpace(text))
        {
            return organizations;
        }

        var pattern = "%" + TicketQueries.EscapeLike(Bounded(text), brackets: db.Provider == DatabaseProvider.SqlServer) + "%";
        return db.Provider == DatabaseProvider.Postgres
            ? organizations.Where(o => EF.Functions.ILike(o.Name, pattern, "\\") || o.Domains.Any(d => EF.Functions.ILike(d.Domain, pattern, "\\")))
            : organizations.Where(o => EF.Functions.Like(o.Name, pattern, "\\") || o.Domains.Any(d => EF.Functions.Like(d.Domain, pattern, "\\")));
    }

    public async Task<IReadOnlyList<NamedOption>> AllOrganizationsAsync(CancellationToken ct = default) =>
        await db.Organizations.OrderBy(o => o.Name).Select(o => new NamedOption(o.Id, o.Name)).ToListAsync(ct);

    public async Task<IReadOnlyList<CustomerRow>> MembersAsync(int organizationId, CancellationToken ct = default) =>
        await db.Customers.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId)
            .OrderBy(c => c.Name ?? c.Email)
            .Take(200)
            .Select(c => new CustomerRow(c.Id, c.Email, c.Name, null, c.OrganizationId,
                db.Tickets.Count(t => t.RequesterId == c.Id && t.Status < TicketStatus.Solved)))
            .ToListAsync(ct);

    public async Task<Paged<QueueRow>> TicketsOfAsync(int? customerId, int? organizationId, int page, int pageSize, CancellationToken ct = default)
    {
        var tickets = db.Tickets.AsNoTracking();
        if (customerId is int c)
        {
            tickets = tickets.Where(t => t.RequesterId == c);
        }

        if (organizationId is int o)
        {
            tickets = tickets.Where(t => t.OrganizationId == o);
        }

        var total = await tickets.CountAsync(ct);
        page = ClampPage(page, total, pageSize);
        var items = await tickets
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Number)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(TicketQueries.Row)
            .ToListAsync(ct);
        return new Paged<QueueRow>(items, total, page, pageSize);
    }

    private static int ClampPage(int page, int total, int pageSize) =>
        Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));

    /// <summary>A search box's text, trimmed and cut to <see cref="Limits.SearchLength"/>.</summary>
    private static string Bounded(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= Limits.SearchLength ? trimmed : trimmed[..Limits.SearchLength];
    }
}
