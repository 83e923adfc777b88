using FluentValidation;

namespace Helpdesk.Core.Validation;

/// <summary>The past period an SLA simulation replays: the tickets created from the first day to the last, both included (days in the viewer's zone).</summary>
public sealed class SimulationPeriodInput
{
    public const int MaxDays = 366;

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    /// <summary>The last 30 days up to <paramref name="today"/>.</summary>
    public static SimulationPeriodInput LastDays(DateOnly today, int days = 30) => new() { From = today.AddDays(-days + 1), To = today };
}

public sealed class SimulationPeriodInputValidator : AbstractValidator<SimulationPeriodInput>
{
    public SimulationPeriodInputValidator()
    {
        RuleFor(x => x.From).NotNull().WithMessage("Pick the first day.");
        RuleFor(x => x.To).NotNull().WithMessage("Pick the last day.");
        RuleFor(x => x.To)
            .Must((x, to) => to >= x.From).WithMessage("The last day comes on or after the first.")
            .Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber < SimulationPeriodInput.MaxDays)
            .WithMessage($"At most {SimulationPeriodInput.MaxDays} days at once.")
            .When(x => x.From is not null && x.To is not null);
    }
}
