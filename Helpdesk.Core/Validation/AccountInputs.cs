using FluentValidation;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Validation;

public static class Roles
{
    public const string Agent = "Agent";
    public const string Supervisor = "Supervisor";
    public const string Admin = "Admin";

    /// <summary>Anyone who works tickets.</summary>
    public const string Staff = Agent + "," + Supervisor + "," + Admin;

    public static readonly IReadOnlyList<string> All = [Agent, Supervisor, Admin];
}

public sealed class LoginInput
{
    public string Email { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class LoginInputValidator : AbstractValidator<LoginInput>
{
    public LoginInputValidator()
    {
        RuleFor(x => x.Email).NotEmpty().WithMessage("Enter your email address.")
            .MaximumLength(Limits.EmailLength).WithMessage($"An email address has at most {Limits.EmailLength} characters.");
        RuleFor(x => x.Password).NotEmpty().WithMessage("Enter your password.")
            .MaximumLength(Limits.PasswordLength).WithMessage($"A password here has at most {Limits.PasswordLength} characters.");
    }
}

/// <summary>An admin creates a staff login with its roles.</summary>
public sealed class NewUserInput
{
    public string Email { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public List<string> Roles { get; set; } = [];

    public int? GroupId { get; set; }
}

public sealed class NewUserInputValidator : AbstractValidator<NewUserInput>
{
    public NewUserInputValidator()
    {
        RuleFor(x => x.Email)
            .NotEmpty().WithMessage("Enter the agent's email address.")
            .Must(EmailAddress.IsValid).WithMessage("Enter a valid email address, like name@example.com.");
        RuleFor(x => x.DisplayName)
            .NotEmpty().WithMessage("Enter the name customers and colleagues will see.")
            .MaximumLength(Limits.NameLength);
        RuleFor(x => x.Password)
            .NotEmpty().WithMessage("Set an initial password.")
            .MinimumLength(10).WithMessage("Use at least 10 characters.")
            .MaximumLength(Limits.PasswordLength).WithMessage($"Use at most {Limits.PasswordLength} characters.");
        RuleFor(x => x.Roles)
            .NotEmpty().WithMessage("Choose at least one role.")
            .Must(r => r.All(Helpdesk.Core.Validation.Roles.All.Contains)).WithMessage("Unknown role.");
    }
}

public sealed class EditUserInput
{
    public string DisplayName { get; set; } = string.Empty;

    public List<string> Roles { get; set; } = [];

    public int? GroupId { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>On deactivation, what happens to the login's unsolved tickets: <c>Leave</c>, <c>Reassign</c> or <c>Unassign</c>.</summary>
    public string? OpenTickets { get; set; }

    /// <summary>With <c>Reassign</c>: the agent who takes them.</summary>
    public string? ReassignToId { get; set; }
}

public sealed class EditUserInputValidator : AbstractValidator<EditUserInput>
{
    public EditUserInputValidator()
    {
        RuleFor(x => x.OpenTickets).Must(o => o is null or "Leave" or "Reassign" or "Unassign").WithMessage("Choose what happens to the unsolved tickets.");
        RuleFor(x => x.ReassignToId).NotEmpty().When(x => !x.IsActive && x.OpenTickets == "Reassign").WithMessage("Choose who takes the tickets.");
        RuleFor(x => x.DisplayName)
            .NotEmpty().WithMessage("Enter the name customers and colleagues will see.")
            .MaximumLength(Limits.NameLength);
        RuleFor(x => x.Roles)
            .NotEmpty().WithMessage("Choose at least one role.")
            .Must(r => r.All(Helpdesk.Core.Validation.Roles.All.Contains)).WithMessage("Unknown role.");
    }
}

/// <summary>An agent's own settings: the language they read the app in (empty: the helpdesk's default).</summary>
public sealed class AgentSettingsInput
{
    public string? Language { get; set; }
}

public sealed class AgentSettingsInputValidator : AbstractValidator<AgentSettingsInput>
{
    public AgentSettingsInputValidator() =>
        RuleFor(x => x.Language).Must(l => string.IsNullOrEmpty(l) || Languages.IsSupported(l)).WithMessage("Choose one of the languages listed.");
}

/// <summary>A new personal API token: what it is for, what it may do, how long it lasts.</summary>
public sealed class ApiTokenInput
{
    public string Name { get; set; } = string.Empty;

    public ApiScope Scope { get; set; } = ApiScope.Read;

    public int Days { get; set; } = 90;
}

public sealed class ApiTokenInputValidator : AbstractValidator<ApiTokenInput>
{
    public ApiTokenInputValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Name the token after what uses it.").MaximumLength(ApiToken.NameLength);
        RuleFor(x => x.Scope).IsInEnum().WithMessage("Choose what the token may do.");
        RuleFor(x => x.Days).InclusiveBetween(1, ApiToken.MaxDays).WithMessage("A token lasts 1 to 366 days.");
    }
}
