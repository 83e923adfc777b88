namespace Helpdesk.Core.Domain;

/// <summary>The helpdesk profile of a staff login (the login itself is an Identity user with the same id).</summary>
public sealed class Agent
{
    private Agent()
    {
    }

    public Agent(string id, string displayName, EmailAddress email)
    {
        Id = id;
        DisplayName = displayName.Trim();
        Email = email.Value;
        IsActive = true;
    }

    public string Id { get; private set; } = string.Empty;

    public string DisplayName { get; private set; } = string.Empty;

    public string Email { get; private set; } = string.Empty;

    public int? GroupId { get; private set; }

    public Group? Group { get; private set; }

    public bool IsActive { get; private set; }

    public void Update(string displayName, Group? group, bool isActive)
    {
        DisplayName = displayName.Trim();
        Group = group;
        GroupId = group?.Id;
        IsActive = isActive;
    }
}

/// <summary>A team of agents that tickets are routed to (e.g. "Billing", "Second line").</summary>
public sealed class Group
{
    private Group()
    {
    }

    public Group(string name) => Name = name.Trim();

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;
}
