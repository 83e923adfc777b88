using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

/// <summary>The period (whole days in the display time zone, both included) and the filters of a report.</summary>
public sealed class ReportQueryInput
{
    public const int MaxDays = 366;

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public int? Group { get; set; }

    public string? Agent { get; set; }

    public TicketPriority? Priority { get; set; }

    public int? Category { get; set; }

    public int? Organization { get; set; }

    public int? Policy { get; set; }
}

public sealed class ReportQueryInputValidator : AbstractValidator<ReportQueryInput>
{
    public ReportQueryInputValidator()
    {
        RuleFor(x => x.To).Must((input, to) => input.From is null || to is null || to >= input.From)
            .WithMessage("The end of the period is before its start.");
        RuleFor(x => x.To).Must((input, to) => input.From is null || to is null || to.Value.DayNumber - input.From.Value.DayNumber < ReportQueryInput.MaxDays)
            .WithMessage($"Choose a period of at most {ReportQueryInput.MaxDays} days.");
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.Agent).MaximumLength(Limits.NameLength);
    }
}
