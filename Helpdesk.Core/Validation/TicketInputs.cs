using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

/// <summary>An agent opens a ticket on behalf of a customer (phone call, walk-in, forwarded mail).</summary>
public sealed class NewTicketInput
{
    public string RequesterEmail { get; set; } = string.Empty;

    public string? RequesterName { get; set; }

    public string Subject { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public TicketPriority Priority { get; set; } = TicketPriority.Normal;

    public TicketChannel Channel { get; set; } = TicketChannel.Phone;

    public string? AssigneeId { get; set; }

    public int? GroupId { get; set; }

    public int? CategoryId { get; set; }

    public string? Tags { get; set; }

    /// <summary>Email the customer that the ticket was opened for them (on by default, as the customer did not write it).</summary>
    public bool NotifyRequester { get; set; } = true;
}

public sealed class NewTicketInputValidator : AbstractValidator<NewTicketInput>
{
    public NewTicketInputValidator()
    {
        RuleFor(x => x.RequesterEmail)
            .NotEmpty().WithMessage("Enter the customer's email address.")
            .Must(EmailAddress.IsValid).WithMessage("Enter a valid email address, like name@example.com.");
        RuleFor(x => x.RequesterName).MaximumLength(Limits.NameLength);
        RuleFor(x => x.Subject)
            .NotEmpty().WithMessage("Enter a subject.")
            .MaximumLength(Limits.SubjectLength);
        RuleFor(x => x.Description)
            .NotEmpty().WithMessage("Describe the customer's request.")
            .MaximumLength(Limits.BodyLength);
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.Channel).IsInEnum();
        RuleFor(x => x.Tags).Must(TagsRule.Valid).WithMessage(TagsRule.Message);
    }
}

/// <summary>One submission of the ticket page: an optional reply or note plus the field changes.</summary>
public sealed class TicketUpdateInput
{
    /// <summary>The ticket version the agent was looking at; a stale one is a conflict.</summary>
    public int Version { get; set; }

    public string? Body { get; set; }

    public MessageVisibility Visibility { get; set; } = MessageVisibility.Public;

    public TicketStatus Status { get; set; }

    public TicketPriority Priority { get; set; }

    public string? AssigneeId { get; set; }

    public int? GroupId { get; set; }

    public int? CategoryId { get; set; }

    public string? Tags { get; set; }
}

public sealed class TicketUpdateInputValidator : AbstractValidator<TicketUpdateInput>
{
    public TicketUpdateInputValidator()
    {
        RuleFor(x => x.Version).GreaterThan(0);
        RuleFor(x => x.Body).MaximumLength(Limits.BodyLength);
        RuleFor(x => x.Visibility).IsInEnum();
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.Priority).IsInEnum();
        RuleFor(x => x.Tags).Must(TagsRule.Valid).WithMessage(TagsRule.Message);
    }
}

internal static class TagsRule
{
    public static readonly string Message =
        $"Use at most {Limits.MaxTags} tags of at most {Limits.TagLength} characters, separated by spaces or commas.";

    public static bool Valid(string? tags)
    {
        if (string.IsNullOrWhiteSpace(tags))
        {
            return true;
        }

        var parts = tags.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length <= Limits.MaxTags && parts.All(p => p.Length <= Limits.TagLength);
    }
}

/// <summary>A merge as the agent chose it: the ticket to merge into, and both tickets' versions as the preview showed them.</summary>
public sealed class MergeInput
{
    /// <summary>The number of the ticket that carries on (typed with or without its #).</summary>
    public string? Into { get; set; }

    /// <summary>The duplicate's version when the agent looked at it.</summary>
    public int Version { get; set; }

    /// <summary>The survivor's version when the preview showed it (0 before the preview).</summary>
    public int IntoVersion { get; set; }

    public int? IntoNumber =>
        int.TryParse(Into?.Trim().TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}

public sealed class MergeInputValidator : AbstractValidator<MergeInput>
{
    public MergeInputValidator()
    {
        RuleFor(x => x.Into).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Give the number of the ticket to merge into.")
            .MaximumLength(20)
            .Must((input, _) => input.IntoNumber is not null).WithMessage("A ticket number is digits, like 1234 or #1234.");
    }
}
