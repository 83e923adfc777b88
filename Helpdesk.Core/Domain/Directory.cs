namespace Helpdesk.Core.Domain;

/// <summary>A company whose people write to us; its email domains map new contacts to it.</summary>
public sealed class Organization
{
    private Organization()
    {
    }

    public Organization(string name, string? domains, string? notes, DateTimeOffset now)
    {
        Rename(name);
        Domains = NormalizeDomains(domains);
        Notes = notes?.Trim();
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>Space-separated email domains, lower case (e.g. "acme.com acme.co.uk").</summary>
    public string? Domains { get; private set; }

    public string? Notes { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public void Update(string name, string? domains, string? notes)
    {
        Rename(name);
        Domains = NormalizeDomains(domains);
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
    }

    public IEnumerable<string> DomainList =>
        Domains is null ? [] : Domains.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("An organization needs a name.");
        }

        Name = name.Trim();
    }

    private static string? NormalizeDomains(string? domains)
    {
        if (string.IsNullOrWhiteSpace(domains))
        {
            return null;
        }

        var parts = domains.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Trim().TrimStart('@').ToLowerInvariant())
            .Distinct();
        return string.Join(' ', parts);
    }
}

/// <summary>A customer: a contact known by email address, never a login.</summary>
public sealed class Customer
{
    private Customer()
    {
    }

    public Customer(EmailAddress email, string? name, Organization? organization, DateTimeOffset now)
    {
        Email = email.Value;
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        Organization = organization;
        OrganizationId = organization?.Id;
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Email { get; private set; } = string.Empty;

    public string? Name { get; private set; }

    public string? Phone { get; private set; }

    public string? Notes { get; private set; }

    public int? OrganizationId { get; private set; }

    public Organization? Organization { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When mail to this customer last bounced, and what the mail server said.</summary>
    public DateTimeOffset? BouncedAt { get; private set; }

    public string? BounceReason { get; private set; }

    /// <summary>Asked not to get disruption notices (through the link in one).</summary>
    public bool NoticesOptOut { get; private set; }

    /// <summary>An organization contact who gets disruption notices even without an open ticket.</summary>
    public bool NoticesOptIn { get; private set; }

    public void SetNotices(bool optIn, bool optOut)
    {
        NoticesOptIn = optIn && !optOut;
        NoticesOptOut = optOut;
    }

    public void RecordBounce(string reason, DateTimeOffset at)
    {
        BouncedAt = at;
        BounceReason = reason.Length > Limits.ReasonLength ? reason[..Limits.ReasonLength] : reason;
    }

    public string DisplayName => Name ?? Email;

    public void Update(EmailAddress email, string? name, string? phone, string? notes, Organization? organization)
    {
        Email = email.Value;
        Name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        Organization = organization;
        OrganizationId = organization?.Id;
    }
}

/// <summary>The helpdesk profile of a staff login (the login itself is an Identity user with the same id).</summary>
public sealed class Agent
{
    private Agent()
    {
    }

    public Agent(string id, string displayName, EmailAddress email)
    {
        Id = id;
        DisplayName = displayName.Trim();
        Email = email.Value;
        IsActive = true;
    }

    public string Id { get; private set; } = string.Empty;

    public string DisplayName { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public int? GroupId { get; private set; }

    public Group? Group { get; private set; }

    public bool IsActive { get; private set; }

    public void Update(string displayName, Group? group, bool isActive)
    {
        DisplayName = displayName.Trim();
        Group = group;
        GroupId = group?.Id;
        IsActive = isActive;
    }
}

/// <summary>A team of agents that tickets are routed to (e.g. "Billing", "Second line").</summary>
public sealed class Group
{
    private Group()
    {
    }

    public Group(string name) => Name = name.Trim();

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;
}

/// <summary>What a ticket is about (e.g. "Billing question", "Outage"); SLA policies can match on it.</summary>
public sealed class Category
{
    private Category()
    {
    }

    public Category(string name) => Name = name.Trim();

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;
}
