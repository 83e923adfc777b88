using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Validation;

namespace Helpdesk.Web.Models;

public sealed class UserListViewModel
{
    public required IReadOnlyList<UserRow> Users { get; init; }
}

public sealed class NewUserViewModel
{
    public required NewUserInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Groups { get; init; }
}

public sealed class EditUserViewModel
{
    public required UserRow User { get; init; }

    public required EditUserInput Input { get; init; }

    public required IReadOnlyList<NamedOption> Groups { get; init; }

    /// <summary>Active agents, who can take this login's tickets when it is deactivated.</summary>
    public required IReadOnlyList<AgentOption> Agents { get; init; }
}
