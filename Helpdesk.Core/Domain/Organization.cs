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
