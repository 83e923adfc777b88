using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;

namespace Helpdesk.Core.Services;

/// <summary>Admins define the services customers rely on and the availability promised for each.</summary>
public sealed class ServiceCatalog(IServiceStore store, ISlaStore sla, TimeProvider time)
{
    public async Task<Service> CreateAsync(ServiceInput input, CancellationToken ct = default)
    {
        await CheckAsync(input, null, ct);
        var service = new Service(input.Name, ServiceInput.ParsePercent(input.Target)!.Value, input.CalendarId, time.GetUtcNow());
        service.SetTargets(input.FilledTargets());
        store.Add(service);
        await store.SaveChangesAsync(ct);
        return service;
    }

    public async Task<Service> UpdateAsync(int id, ServiceInput input, CancellationToken ct = default)
    {
        var service = await store.FindAsync(id, ct) ?? throw new NotFoundException("The service");
        await CheckAsync(input, id, ct);
        service.Update(input.Name, ServiceInput.ParsePercent(input.Target)!.Value, input.CalendarId, input.IsActive);
        service.SetTargets(input.FilledTargets());
        await store.SaveChangesAsync(ct);
        return service;
    }

    private async Task CheckAsync(ServiceInput input, int? id, CancellationToken ct)
    {
        if (await store.NameTakenAsync(input.Name.Trim(), id, ct))
        {
            throw new DomainException($"A service named {input.Name.Trim()} already exists.");
        }

        if (input.CalendarId is int calendar && await sla.FindCalendarAsync(calendar, ct) is null)
        {
            throw new NotFoundException("The calendar");
        }
    }
}
