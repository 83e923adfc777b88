namespace Helpdesk.Core.Domain;

/// <summary>
/// Something customers use and expect to be up ("Email", "Billing portal"), with a monthly availability target for
/// everyone and, where a contract says otherwise, for some organizations. Disruptions name the services they took
/// down; availability is measured over the service's calendar (its business hours), or around the clock.
/// </summary>
public sealed class Service
{
    private readonly List<ServiceTarget> _targets = [];

    private Service()
    {
    }

    public Service(string name, double targetPercent, int? calendarId, DateTimeOffset now)
    {
        Update(name, targetPercent, calendarId, isActive: true);
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>The monthly availability promised to everyone, in percent (e.g. 99.9).</summary>
    public double TargetPercent { get; private set; }

    /// <summary>The business calendar availability is measured over; null for around the clock.</summary>
    public int? CalendarId { get; private set; }

    public bool IsActive { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Targets that differ for some organizations.</summary>
    public IReadOnlyCollection<ServiceTarget> Targets => _targets.AsReadOnly();

    public void Update(string name, double targetPercent, int? calendarId, bool isActive)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("A service needs a name.");
        }

        Name = name.Trim();
        TargetPercent = Check(targetPercent);
        CalendarId = calendarId;
        IsActive = isActive;
    }

    /// <summary>The organizations' own targets, replacing those set before.</summary>
    public void SetTargets(IEnumerable<(int OrganizationId, double Percent)> targets)
    {
        var wanted = targets.GroupBy(t => t.OrganizationId).ToDictionary(g => g.Key, g => Check(g.Last().Percent));
        _targets.RemoveAll(t => !wanted.ContainsKey(t.OrganizationId));
        foreach (var (organizationId, percent) in wanted)
        {
            if (_targets.Find(t => t.OrganizationId == organizationId) is { } existing)
            {
                existing.Percent = percent;
            }
            else
            {
                _targets.Add(new ServiceTarget(this, organizationId, percent));
            }
        }
    }

    /// <summary>The target an organization's people are promised: their own, else everyone's.</summary>
    public double TargetFor(int? organizationId) =>
        organizationId is int id && _targets.Find(t => t.OrganizationId == id) is { } own ? own.Percent : TargetPercent;

    private static double Check(double percent) =>
        percent is > 0 and <= 100 && !double.IsNaN(percent)
            ? percent
            : throw new DomainException("An availability target is a percentage above 0 and at most 100, such as 99.9.");
}

/// <summary>An organization's own availability target for a service.</summary>
public sealed class ServiceTarget
{
    private ServiceTarget()
    {
    }

    internal ServiceTarget(Service service, int organizationId, double percent)
    {
        Service = service;
        OrganizationId = organizationId;
        Percent = percent;
    }

    public int ServiceId { get; private set; }

    public Service Service { get; private set; } = null!;

    public int OrganizationId { get; private set; }

    public double Percent { get; internal set; }
}
