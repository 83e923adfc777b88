using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class LoginViewModel
{
    public LoginInput Input { get; set; } = new();
}

public sealed record ErrorViewModel(int StatusCode)
{
    public string Title => StatusCode switch
    {
        403 => Presentation.Words.T("You don't have access to this page"),
        404 => Presentation.Words.T("Page not found"),
        _ => Presentation.Words.T("Something went wrong"),
    };

    public string Message => StatusCode switch
    {
        403 => Presentation.Words.T("Your role does not allow this. Ask an admin if you need access."),
        404 => Presentation.Words.T("The page or record you asked for does not exist (any more)."),
        _ => Presentation.Words.T("The error has been logged. Try again, and tell an admin if it keeps happening."),
    };
}

public sealed class SettingsViewModel
{
    public AgentSettingsInput Input { get; set; } = new();

    /// <summary>The helpdesk's default language, which an agent without a choice reads.</summary>
    public string DefaultLanguage { get; init; } = Helpdesk.Core.Domain.Languages.English;

    public IReadOnlyList<Helpdesk.Core.Domain.ApiToken> Tokens { get; init; } = [];

    public ApiTokenInput Token { get; init; } = new();

    public DateTimeOffset Now { get; init; }

    /// <summary>A token just created: its secret, shown this once.</summary>
    public (string Name, string Secret)? Created { get; init; }
}
