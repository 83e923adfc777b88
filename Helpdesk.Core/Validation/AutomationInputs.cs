using FluentValidation;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Macros;

namespace Helpdesk.Core.Validation;

/// <summary>The automation form: conditions (status, hours since an event, by the clock or a calendar, priority, group, tags) and actions.</summary>
public sealed class AutomationInput
{
    public string Name { get; set; } = string.Empty;

    public bool Active { get; set; } = true;

    public int Position { get; set; }

    public TicketStatus Status { get; set; } = TicketStatus.Pending;

    public AutomationEvent Since { get; set; } = AutomationEvent.StatusChanged;

    public int Hours { get; set; } = 48;

    public int? CalendarId { get; set; }

    public TicketPriority? Priority { get; set; }

    public int? GroupId { get; set; }

    public string? WithTag { get; set; }

    public string? WithoutTag { get; set; }

    public TicketStatus? SetStatus { get; set; }

    public TicketPriority? SetPriority { get; set; }

    public string? AddTags { get; set; }

    public string? EmailSubject { get; set; }

    public string? EmailBody { get; set; }

    /// <summary>The same email in Portuguese (optional), for requesters who read it.</summary>
    public string? EmailSubjectPt { get; set; }

    public string? EmailBodyPt { get; set; }

    public string? Note { get; set; }

    /// <summary>How many tickets the admin saw it would act on at once, and confirmed (a different number asks again).</summary>
    public int? Confirmed { get; set; }

    public static AutomationInput From(Automation a) => new()
    {
        Name = a.Name, Active = a.IsActive, Position = a.Position, Status = a.Status, Since = a.Since, Hours = a.Hours, CalendarId = a.CalendarId,
        Priority = a.Priority, GroupId = a.GroupId, WithTag = a.WithTag, WithoutTag = a.WithoutTag, SetStatus = a.SetStatus, SetPriority = a.SetPriority,
        AddTags = a.AddTags, EmailSubject = a.EmailSubject, EmailBody = a.EmailBody, EmailSubjectPt = a.EmailSubjectPt, EmailBodyPt = a.EmailBodyPt, Note = a.Note,
    };
}

public sealed class AutomationInputValidator : AbstractValidator<AutomationInput>
{
    public AutomationInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Give the automation a name.").MaximumLength(Limits.NameLength);
        RuleFor(x => x.Status).IsInEnum().NotEqual(TicketStatus.Closed).WithMessage("A closed ticket takes no more changes: choose another status.");
        RuleFor(x => x.Since).IsInEnum();
        RuleFor(x => x.Hours).InclusiveBetween(1, Automation.MaxHours).WithMessage($"Give a number of hours from 1 to {Automation.MaxHours}.");
        RuleFor(x => x.Position).InclusiveBetween(0, 10_000);
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.SetPriority).IsInEnum();
        RuleFor(x => x.SetStatus).IsInEnum().NotEqual(TicketStatus.New).WithMessage("A ticket cannot be set back to New.");
        RuleFor(x => x.WithTag).MaximumLength(Limits.TagLength).Must(t => t is null || !t.Trim().Contains(' ', StringComparison.Ordinal)).WithMessage("One tag, without spaces.");
        RuleFor(x => x.WithoutTag).MaximumLength(Limits.TagLength).Must(t => t is null || !t.Trim().Contains(' ', StringComparison.Ordinal)).WithMessage("One tag, without spaces.");
        RuleFor(x => x.AddTags).Must(TagsRule.Valid).WithMessage(TagsRule.Message);
        RuleFor(x => x.EmailSubject).MaximumLength(Limits.SubjectLength).Custom(Template);
        RuleFor(x => x.EmailBody).MaximumLength(Automation.TemplateLength).Custom(Template);
        RuleFor(x => x.Note).MaximumLength(Automation.TemplateLength).Custom(Template);
        RuleFor(x => x.EmailBody).NotEmpty().When(x => !string.IsNullOrWhiteSpace(x.EmailSubject)).WithMessage("Write the email, or leave its subject empty.");
        RuleFor(x => x.EmailSubjectPt).MaximumLength(Limits.SubjectLength).Custom(Template);
        RuleFor(x => x.EmailBodyPt).MaximumLength(Automation.TemplateLength).Custom(Template);
        RuleFor(x => x.EmailBodyPt).NotEmpty().When(x => !string.IsNullOrWhiteSpace(x.EmailSubjectPt)).WithMessage("Write the email, or leave its subject empty.");
        RuleFor(x => x.EmailBody).NotEmpty().When(x => !string.IsNullOrWhiteSpace(x.EmailBodyPt)).WithMessage("Write the email everyone else gets first: the Portuguese one is for those who read Portuguese.");
        RuleFor(x => x).Must(x => x.SetStatus is not null || x.SetPriority is not null || !string.IsNullOrWhiteSpace(x.AddTags) || !string.IsNullOrWhiteSpace(x.EmailBody) || !string.IsNullOrWhiteSpace(x.Note))
            .OverridePropertyName(nameof(AutomationInput.SetStatus)).WithMessage("Choose at least one action: an email, a note, a status, a priority or tags.");
    }

    /// <summary>A template that does not render on a sample ticket is refused at save, never sent broken.</summary>
    private static void Template(string? text, ValidationContext<AutomationInput> context)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > Automation.TemplateLength)
        {
            return;
        }

        try
        {
            Placeholders.Render(text, Placeholders.Sample);
        }
        catch (DomainException ex)
        {
            context.AddFailure(ex.Message);
        }
    }
}
