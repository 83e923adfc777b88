using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

/// <summary>The portal's sign-in form: the address a link is sent to.</summary>
public sealed class PortalSignInInput
{
    public string Email { get; set; } = string.Empty;
}

public sealed class PortalSignInInputValidator : AbstractValidator<PortalSignInInput>
{
    public PortalSignInInputValidator()
    {
        RuleFor(x => x.Email)
            .NotEmpty().WithMessage("Enter the email address you write to us from.")
            .MaximumLength(Limits.EmailLength)
            .Must(EmailAddress.IsValid).WithMessage("Enter a valid email address, like name@example.com.");
    }
}

/// <summary>A customer's new ticket from the portal's form.</summary>
public sealed class PortalTicketInput
{
    public string Subject { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public int? CategoryId { get; set; }
}

public sealed class PortalTicketInputValidator : AbstractValidator<PortalTicketInput>
{
    public PortalTicketInputValidator()
    {
        RuleFor(x => x.Subject)
            .NotEmpty().WithMessage("Give your request a short subject.")
            .MaximumLength(Limits.SubjectLength).WithMessage($"Keep the subject under {Limits.SubjectLength} characters.");
        RuleFor(x => x.Description)
            .NotEmpty().WithMessage("Tell us what happened and what you need.")
            .MaximumLength(Limits.BodyLength).WithMessage("This description is too long; attach a file instead.");
    }
}

/// <summary>A customer's reply on the portal.</summary>
public sealed class PortalReplyInput
{
    public string? Body { get; set; }
}

public sealed class PortalReplyInputValidator : AbstractValidator<PortalReplyInput>
{
    public PortalReplyInputValidator()
    {
        // Empty is allowed when files are attached: the service asks for one or the other.
        RuleFor(x => x.Body).MaximumLength(Limits.BodyLength).WithMessage("This reply is too long; attach a file instead.");
    }
}
