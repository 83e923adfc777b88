namespace Helpdesk.Core.Domain;

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

    /// <summary>The IANA zone the customer reads times in (e.g. Europe/Lisbon); null when not known.</summary>
    public string? TimeZone { get; private set; }

    public Organization? Organization { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When mail to this customer last bounced, and what the mail server said.</summary>
    public DateTimeOffset? BouncedAt { get; private set; }

    public string? BounceReason { get; private set; }

    /// <summary>Asked not to get disruption notices (through the link in one).</summary>
    public bool NoticesOptOut { get; private set; }

    /// <summary>An organization contact who gets disruption notices even without an open ticket.</summary>
    public bool NoticesOptIn { get; private set; }

    /// <summary>An organization contact who gets the organization's monthly SLA report by email.</summary>
    public bool MonthlyReport { get; private set; }

    public void SetMonthlyReport(bool wanted) => MonthlyReport = wanted;

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

    /// <summary>Sets the customer's time zone (an IANA id; empty for none).</summary>
    public void SetTimeZone(string? zoneId) => TimeZone = TimeZones.Normalize(zoneId);

    /// <summary>The language the customer reads (en, pt-PT); null: their organization's, else the helpdesk's.</summary>
    public string? Language { get; private set; }

    /// <summary>Sets the language; an unsupported tag is refused.</summary>
    public void SetLanguage(string? tag) => Language = string.IsNullOrWhiteSpace(tag) ? null
        : Languages.Normalize(tag) is { } supported && supported == tag.Trim() ? supported
        : throw new DomainException($"\"{tag}\" is not a language the helpdesk writes in; use en or pt-PT.");

    /// <summary>What the customer's first email said of their language (Content-Language, Accept-Language), when nobody set one.</summary>
    public void GuessLanguage(string? header)
    {
        if (Language is null && Languages.Normalize(header) is { } found)
        {
            Language = found;
        }
    }

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
