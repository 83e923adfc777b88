using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Services;

/// <summary>Customers and organizations: creating, editing and recognising them.</summary>
public sealed class DirectoryService(IHelpdeskStore store, TimeProvider time)
{
    /// <summary>
    /// The customer with this address, or a new one placed in the organization that lists the
    /// address's domain. Not committed: the caller's unit of work saves it.
    /// </summary>
    public async Task<Customer> FindOrAddCustomerAsync(EmailAddress email, string? name, CancellationToken ct = default)
    {
        var customer = await store.FindCustomerByEmailAsync(email, ct);
        if (customer is not null)
        {
            return customer;
        }

        var organization = await store.FindOrganizationByDomainAsync(email.Domain, ct);
        customer = new Customer(email, name, organization, time.GetUtcNow());
        store.Add(customer);
        return customer;
    }

    public async Task<Customer> CreateCustomerAsync(CustomerInput input, CancellationToken ct = default)
    {
        var email = new EmailAddress(input.Email);
        if (await store.FindCustomerByEmailAsync(email, ct) is not null)
        {
            throw new DomainException($"A customer with the address {email} already exists.");
        }

        var organization = await OrganizationOrNullAsync(input.OrganizationId, ct)
            ?? await store.FindOrganizationByDomainAsync(email.Domain, ct);
        var customer = new Customer(email, input.Name, organization, time.GetUtcNow());
        customer.Update(email, input.Name, input.Phone, input.Notes, organization);
        customer.SetTimeZone(input.TimeZone);
        customer.SetLanguage(input.Language);
        store.Add(customer);
        await store.SaveChangesAsync(ct);
        return customer;
    }

    public async Task<Customer> UpdateCustomerAsync(int id, CustomerInput input, CancellationToken ct = default)
    {
        var customer = await store.FindCustomerAsync(id, ct) ?? throw new NotFoundException("The customer");
        var email = new EmailAddress(input.Email);
        var other = await store.FindCustomerByEmailAsync(email, ct);
        if (other is not null && other.Id != id)
        {
            throw new DomainException($"Another customer already uses the address {email}.");
        }

        customer.Update(email, input.Name, input.Phone, input.Notes, await OrganizationOrNullAsync(input.OrganizationId, ct));
        customer.SetNotices(input.NoticesOptIn, input.NoticesOptOut);
        customer.SetMonthlyReport(input.MonthlyReport);
        customer.SetTimeZone(input.TimeZone);
        customer.SetLanguage(input.Language);
        await store.SaveChangesAsync(ct);
        return customer;
    }

    public async Task<Organization> CreateOrganizationAsync(OrganizationInput input, CancellationToken ct = default)
    {
        if (await store.OrganizationNameTakenAsync(input.Name.Trim(), null, ct))
        {
            throw new DomainException($"An organization named {input.Name.Trim()} already exists.");
        }

        var organization = new Organization(input.Name, input.Domains, input.Notes, time.GetUtcNow());
        organization.SetTimeZone(input.TimeZone);
        organization.SetLanguage(input.Language);
        organization.ShareTickets(input.SharesTickets);
        store.Add(organization);
        await store.SaveChangesAsync(ct);
        return organization;
    }

    public async Task<Organization> UpdateOrganizationAsync(int id, OrganizationInput input, CancellationToken ct = default)
    {
        var organization = await store.FindOrganizationAsync(id, ct) ?? throw new NotFoundException("The organization");
        if (await store.OrganizationNameTakenAsync(input.Name.Trim(), id, ct))
        {
            throw new DomainException($"An organization named {input.Name.Trim()} already exists.");
        }

        organization.Update(input.Name, input.Domains, input.Notes);
        organization.SetTimeZone(input.TimeZone);
        organization.SetLanguage(input.Language);
        organization.ShareTickets(input.SharesTickets);
        await store.SaveChangesAsync(ct);
        return organization;
    }

    private async Task<Organization?> OrganizationOrNullAsync(int? id, CancellationToken ct) =>
        id is int value ? await store.FindOrganizationAsync(value, ct) ?? throw new NotFoundException("The organization") : null;
}
