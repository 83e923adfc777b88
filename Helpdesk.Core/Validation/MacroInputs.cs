using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;

namespace Helpdesk.Core.Validation;

/// <summary>The macro form: a name, the message with placeholders, and the fields it changes.</summary>
public sealed class MacroInput
{
    public string Name { get; set; } = string.Empty;

    public string? Body { get; set; }

    public bool Internal { get; set; }

    public TicketStatus? Status { get; set; }

    public TicketPriority? Priority { get; set; }

    public int? GroupId { get; set; }

    public bool AssignToSelf { get; set; }

    public string? AddTags { get; set; }

    /// <summary>For every agent (admins only); else the author's own.</summary>
    public bool Shared { get; set; }
}

public sealed class MacroInputValidator : AbstractValidator<MacroInput>
{
    public MacroInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Give the macro a name.").MaximumLength(Limits.NameLength);
        RuleFor(x => x.Body).MaximumLength(Macro.BodyLength);
        RuleFor(x => x.Body).Custom((body, context) =>
        {
            if (string.IsNullOrWhiteSpace(body) || body.Length > Macro.BodyLength)
            {
                return;
            }

            if (Placeholders.SyntaxError(body) is { } syntax)
            {
                context.AddFailure(syntax);
                return;
            }

            try
            {
                Placeholders.Render(body, Placeholders.Sample);
            }
            catch (DomainException ex)
            {
                context.AddFailure(ex.Message);
            }
        });
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.AddTags).Must(TagsRule.Valid).WithMessage(TagsRule.Message);
        RuleFor(x => x).Must(x => !string.IsNullOrWhiteSpace(x.Body) || x.Status is not null || x.Priority is not null || x.GroupId is not null || x.AssignToSelf || !string.IsNullOrWhiteSpace(x.AddTags))
            .WithName("Body").OverridePropertyName("Body").WithMessage("Write a message or choose a field to change.");
    }
}
