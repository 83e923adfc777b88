using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

/// <summary>The customer's answer on the survey page: the signed token from the link, the rating and a comment.</summary>
public sealed class SatisfactionInput
{
    public string? T { get; set; }

    public SatisfactionRating? Rating { get; set; }

    public string? Comment { get; set; }
}

public sealed class SatisfactionInputValidator : AbstractValidator<SatisfactionInput>
{
    public SatisfactionInputValidator()
    {
        RuleFor(x => x.Rating).NotNull().WithMessage("Choose good or bad.").IsInEnum().WithMessage("Choose good or bad.");
        RuleFor(x => x.Comment).MaximumLength(Limits.SatisfactionCommentLength)
            .WithMessage(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Keep the comment under {Limits.SatisfactionCommentLength:N0} characters."));
    }
}
