using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

public sealed class DisruptionInput
{
    public string Title { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public bool Everyone { get; set; }

    public List<int> CategoryIds { get; set; } = [];

    public List<int> OrganizationIds { get; set; } = [];

    /// <summary>The services it takes down: their availability counts it from its start to its resolution.</summary>
    public List<int> ServiceIds { get; set; } = [];

    /// <summary>The services work, only worse: not counted as downtime.</summary>
    public bool Degraded { get; set; }

    /// <summary>Set by the button under the preview: declare. Without it the form only shows what declaring would do.</summary>
    public bool Confirmed { get; set; }
}

public sealed class DisruptionInputValidator : AbstractValidator<DisruptionInput>
{
    public DisruptionInputValidator()
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("Give the disruption a title.").MaximumLength(Limits.SubjectLength);
        RuleFor(x => x.Message).NotEmpty().WithMessage("Write the message customers will get.").MaximumLength(Limits.NotesLength);
        RuleFor(x => x.Everyone).Must((input, everyone) => everyone || input.CategoryIds.Count > 0 || input.OrganizationIds.Count > 0)
            .WithMessage("Say whom it touches: everyone, or some categories or organizations.");
    }
}

public sealed class DisruptionPostInput
{
    public DisruptionStatus Status { get; set; } = DisruptionStatus.Identified;

    public string Message { get; set; } = string.Empty;
}

public sealed class DisruptionPostInputValidator : AbstractValidator<DisruptionPostInput>
{
    public DisruptionPostInputValidator()
    {
        RuleFor(x => x.Message).NotEmpty().WithMessage("Write the message customers will get.").MaximumLength(Limits.NotesLength);
        RuleFor(x => x.Status).IsInEnum();
    }
}

/// <summary>The one reply to every unsolved ticket of a resolved disruption.</summary>
public sealed class DisruptionFollowUpInput
{
    public string Message { get; set; } = string.Empty;

    /// <summary>Also solve the tickets answered: off unless chosen (a mass change is never the default).</summary>
    public bool Solve { get; set; }
}

public sealed class DisruptionFollowUpInputValidator : AbstractValidator<DisruptionFollowUpInput>
{
    public DisruptionFollowUpInputValidator()
    {
        RuleFor(x => x.Message).NotEmpty().WithMessage("Write the reply the customers will get.").MaximumLength(Limits.BodyLength);
    }
}
