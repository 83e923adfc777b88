namespace Helpdesk.Core.Domain;

/// <summary>A company whose people write to us; its email domains map new contacts to it.</summary>
public sealed class Organization
{
    private readonly List<OrganizationDomain> _domains = [];

    private Organization()
    {
    }

    public Organization(string name, string? domains, string? notes, DateTimeOffset now)
    {
        Rename(name);
        SetDomains(domains);
        Notes = notes?.Trim();
        CreatedAt = now;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>Its email domains, lower case, in the order they were given (e.g. acme.com, acme.co.uk).</summary>
    public IReadOnlyCollection<OrganizationDomain> Domains => _domains.AsReadOnly();

    /// <summary>The domains as one line, as the form takes them ("acme.com acme.co.uk"); null when there are none.</summary>
    public string? DomainText => _domains.Count == 0 ? null : string.Join(' ', _domains.Select(d => d.Domain));

    public string? Notes { get; private set; }

    /// <summary>Its contacts see each other's tickets on the portal (not only their own).</summary>
    public bool SharesTickets { get; private set; }

    public void ShareTickets(bool share) => SharesTickets = share;

    /// <summary>The IANA zone its people read times in, unless a contact has their own; null when not known.</summary>
    public string? TimeZone { get; private set; }

    /// <summary>Sets the organization's time zone (an IANA id; empty for none).</summary>
    public void SetTimeZone(string? zoneId) => TimeZone = TimeZones.Normalize(zoneId);

    /// <summary>The language its contacts read when theirs is not known (en, pt-PT); null: the helpdesk's.</summary>
    public string? Language { get; private set; }

    public void SetLanguage(string? tag) => Language = string.IsNullOrWhiteSpace(tag) ? null
        : Languages.Normalize(tag) is { } supported && supported == tag.Trim() ? supported
        : throw new DomainException($"\"{tag}\" is not a language the helpdesk writes in; use en or pt-PT.");

    public DateTimeOffset CreatedAt { get; private set; }

    public void Update(string name, string? domains, string? notes)
    {
        Rename(name);
        SetDomains(domains);
        Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
    }

    /// <summary>The domains as written (spaces, commas, semicolons or lines between them; a leading @ is dropped).</summary>
    private void SetDomains(string? domains)
    {
        var wanted = Normalize(domains);
        _domains.RemoveAll(d => !wanted.Contains(d.Domain));
        foreach (var domain in wanted.Where(w => !_domains.Exists(d => d.Domain == w)))
        {
            _domains.Add(new OrganizationDomain(this, domain));
        }
    }

    private void Rename(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new DomainException("An organization needs a name.");
        }

        Name = name.Trim();
    }

    private static List<string> Normalize(string? domains) =>
        string.IsNullOrWhiteSpace(domains)
            ? []
            : [.. domains.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(d => d.Trim().TrimStart('@').ToLowerInvariant())
                .Where(d => d.Length > 0)
                .Distinct()];
}

/// <summary>An email domain of an organization: a new contact from it joins the organization.</summary>
public sealed class OrganizationDomain
{
    private OrganizationDomain()
    {
    }

    internal OrganizationDomain(Organization organization, string domain)
    {
        Organization = organization;
        Domain = domain;
    }

    public int OrganizationId { get; private set; }

    public Organization Organization { get; private set; } = null!;

    public string Domain { get; private set; } = string.Empty;
}
