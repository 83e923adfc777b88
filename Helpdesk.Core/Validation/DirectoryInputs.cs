using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

public sealed class CustomerInput
{
    public string Email { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? Phone { get; set; }

    public int? OrganizationId { get; set; }

    public string? Notes { get; set; }

    /// <summary>The IANA zone the customer reads times in (their emails and the portal); empty for the organization's.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The language of the customer's emails (en, pt-PT); empty for the organization's.</summary>
    public string? Language { get; set; }

    /// <summary>Service disruption notices even without an open ticket (for organization contacts).</summary>
    public bool NoticesOptIn { get; set; }

    /// <summary>No service disruption notices at all.</summary>
    public bool NoticesOptOut { get; set; }

    /// <summary>The organization's monthly SLA report by email.</summary>
    public bool MonthlyReport { get; set; }
}

public sealed class CustomerInputValidator : AbstractValidator<CustomerInput>
{
    public CustomerInputValidator()
    {
        RuleFor(x => x.Email)
            .NotEmpty().WithMessage("Enter the customer's email address.")
            .Must(EmailAddress.IsValid).WithMessage("Enter a valid email address, like name@example.com.");
        RuleFor(x => x.Name).MaximumLength(Limits.NameLength);
        RuleFor(x => x.Phone).MaximumLength(Limits.PhoneLength);
        RuleFor(x => x.Notes).MaximumLength(Limits.NotesLength);
        RuleFor(x => x.TimeZone).Must(BeAZone).WithMessage(ZoneMessage);
        RuleFor(x => x.Language).Must(BeALanguage).WithMessage(LanguageMessage);
    }

    internal const string ZoneMessage = "Choose a time zone from the list, such as Europe/Lisbon, or leave it empty.";

    internal const string LanguageMessage = "Choose English or Português (Portugal), or leave it empty.";

    internal static bool BeALanguage(string? language) => string.IsNullOrWhiteSpace(language) || Languages.IsSupported(language.Trim());

    internal static bool BeAZone(string? zone) => string.IsNullOrWhiteSpace(zone) || TimeZones.IsKnown(zone.Trim());
}

public sealed class OrganizationInput
{
    public string Name { get; set; } = string.Empty;

    public string? Domains { get; set; }

    public string? Notes { get; set; }

    /// <summary>The IANA zone its people read times in; empty for the helpdesk's.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The language of its people's emails when theirs is not set (en, pt-PT); empty for the helpdesk's.</summary>
    public string? Language { get; set; }

    /// <summary>Its contacts see each other's tickets on the portal.</summary>
    public bool SharesTickets { get; set; }
}

public sealed class OrganizationInputValidator : AbstractValidator<OrganizationInput>
{
    public OrganizationInputValidator()
    {
        RuleFor(x => x.Name)
            .NotEmpty().WithMessage("Enter the organization's name.")
            .MaximumLength(Limits.NameLength);
        RuleFor(x => x.Domains)
            .MaximumLength(Limits.DomainsLength)
            .Must(BeDomains).WithMessage("List email domains like example.com, separated by spaces or commas.");
        RuleFor(x => x.Notes).MaximumLength(Limits.NotesLength);
        RuleFor(x => x.TimeZone).Must(CustomerInputValidator.BeAZone).WithMessage(CustomerInputValidator.ZoneMessage);
        RuleFor(x => x.Language).Must(CustomerInputValidator.BeALanguage).WithMessage(CustomerInputValidator.LanguageMessage);
    }

    private static bool BeDomains(string? domains) =>
        string.IsNullOrWhiteSpace(domains) ||
        domains.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .All(d => EmailAddress.IsValid("x@" + d.TrimStart('@')));
}
