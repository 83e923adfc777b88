using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class HelpdeskStore(HelpdeskDbContext db) : IHelpdeskStore
{
    public Task<Ticket?> FindTicketAsync(int number, CancellationToken ct = default) =>
        db.TicketsForChange().FirstOrDefaultAsync(t => t.Number == number, ct);

    public Task LoadConversationAsync(Ticket ticket, CancellationToken ct = default) =>
        db.Entry(ticket).Collection(t => t.Messages).Query().Include(m => m.Attachments).LoadAsync(ct);

    public Task<Agent?> FindAgentAsync(string id, CancellationToken ct = default) =>
        db.Agents.FirstOrDefaultAsync(a => a.Id == id, ct);

    public Task<Group?> FindGroupAsync(int id, CancellationToken ct = default) =>
        db.Groups.FirstOrDefaultAsync(g => g.Id == id, ct);

    public Task<Category?> FindCategoryAsync(int id, CancellationToken ct = default) =>
        db.Categories.FirstOrDefaultAsync(c => c.Id == id, ct);

    public Task<Customer?> FindCustomerAsync(int id, CancellationToken ct = default) =>
        db.Customers.Include(c => c.Organization).FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<Customer?> FindCustomerByEmailAsync(EmailAddress email, CancellationToken ct = default) =>
        db.Customers.Local.FirstOrDefault(c => c.Email == email.Value)
        ?? await db.Customers.Include(c => c.Organization).FirstOrDefaultAsync(c => c.Email == email.Value, ct);

    public Task<Organization?> FindOrganizationAsync(int id, CancellationToken ct = default) =>
        db.Organizations.Include(o => o.Domains).FirstOrDefaultAsync(o => o.Id == id, ct);

    public Task<Organization?> FindOrganizationByDomainAsync(string domain, CancellationToken ct = default)
    {
        // An exact match on the domains' index: "acme.com" is not "notacme.com".
        var lowered = domain.ToLowerInvariant();
        return db.Organizations
            .Where(o => o.Domains.Any(d => d.Domain == lowered))
            .OrderBy(o => o.Id)
            .FirstOrDefaultAsync(ct);
    }

    public Task<bool> OrganizationNameTakenAsync(string name, int? exceptId, CancellationToken ct = default)
    {
        var lowered = name.ToLowerInvariant();
        return db.Organizations.AnyAsync(o => o.Name.ToLower() == lowered && o.Id != exceptId, ct);
    }

    public void Add(Ticket ticket) => db.Tickets.Add(ticket);

    public void Add(Customer customer) => db.Customers.Add(customer);

    public void Add(Organization organization) => db.Organizations.Add(organization);

    public void Forget() => db.ChangeTracker.Clear();

    public IReadOnlyList<Ticket> ChangedTickets() =>
        [.. db.ChangeTracker.Entries<Ticket>().Select(e => e.Entity).Where(t => t.ClocksBehind)];

    public void ExpectVersion(Ticket ticket, int seenVersion) =>
        db.Entry(ticket).Property(t => t.Version).OriginalValue = seenVersion;

    public async Task SaveChangesAsync(CancellationToken ct = default)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            var ticket = ex.Entries.Select(e => e.Entity).OfType<Ticket>().FirstOrDefault();
            throw new ConcurrencyConflictException(ticket?.Number ?? 0);
        }
    }
}
