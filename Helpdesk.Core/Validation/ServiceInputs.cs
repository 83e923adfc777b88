using System.Globalization;
using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

/// <summary>The service form: its name, the monthly target for everyone, the hours it is measured over, organizations' own targets.</summary>
public sealed class ServiceInput
{
    /// <summary>Rows for organizations' own targets the form offers (empty ones are ignored).</summary>
    public const int TargetRows = 5;

    public string Name { get; set; } = string.Empty;

    /// <summary>A percentage as typed: "99.9" or "99,9".</summary>
    public string? Target { get; set; } = "99.9";

    /// <summary>The business calendar availability is measured over; empty for around the clock.</summary>
    public int? CalendarId { get; set; }

    public bool IsActive { get; set; } = true;

    public List<OrganizationTargetRow> OrganizationTargets { get; set; } = [];

    public static ServiceInput From(Service service) => new ServiceInput
    {
        Name = service.Name,
        Target = Percent(service.TargetPercent),
        CalendarId = service.CalendarId,
        IsActive = service.IsActive,
        OrganizationTargets = [.. service.Targets.OrderBy(t => t.OrganizationId).Select(t => new OrganizationTargetRow { OrganizationId = t.OrganizationId, Target = Percent(t.Percent) })],
    }.Padded();

    /// <summary>The rows the form shows: those filled in, then empty ones up to <see cref="TargetRows"/> (at least one).</summary>
    public ServiceInput Padded()
    {
        while (OrganizationTargets.Count < TargetRows)
        {
            OrganizationTargets.Add(new OrganizationTargetRow());
        }

        return this;
    }

    public IEnumerable<(int OrganizationId, double Percent)> FilledTargets() =>
        OrganizationTargets.Where(r => r.OrganizationId is not null && ParsePercent(r.Target) is not null)
            .Select(r => (r.OrganizationId!.Value, ParsePercent(r.Target)!.Value));

    /// <summary>A percentage as people type it, with a point or a comma, with or without "%"; null when it is not one.</summary>
    public static double? ParsePercent(string? text) =>
        text is { Length: > 0 and < 20 } && double.TryParse(text.Trim().TrimEnd('%').Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    public static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

public sealed class OrganizationTargetRow
{
    public int? OrganizationId { get; set; }

    public string? Target { get; set; }
}

public sealed class ServiceInputValidator : AbstractValidator<ServiceInput>
{
    private const string TargetMessage = "Write the target as a percentage above 0 and at most 100, such as 99.9.";

    public ServiceInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the service, as customers know it.").MaximumLength(Limits.NameLength);
        RuleFor(x => x.Target).Must(BeAPercent).WithMessage(TargetMessage);
        RuleForEach(x => x.OrganizationTargets).ChildRules(row =>
        {
            row.RuleFor(r => r.Target)
                .Must(BeAPercent).When(r => r.OrganizationId is not null).WithMessage(TargetMessage);
            row.RuleFor(r => r.OrganizationId)
                .NotNull().When(r => !string.IsNullOrWhiteSpace(r.Target)).WithMessage("Choose the organization this target is for.");
        });
        RuleFor(x => x.OrganizationTargets)
            .Must(rows => rows.Where(r => r.OrganizationId is not null).GroupBy(r => r.OrganizationId).All(g => g.Count() == 1))
            .WithMessage("Give each organization one target.");
    }

    private static bool BeAPercent(string? text) => ServiceInput.ParsePercent(text) is double value && value > 0 && value <= 100;
}
