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

    /// <summary>Where the agent goes after sending from a ticket page: stay on it, or the next ticket of their view.</summary>
    public AfterSend AfterSend { get; private set; }

    public void ChooseAfterSend(AfterSend choice) => AfterSend = Enum.IsDefined(choice) ? choice : AfterSend.StayOnTicket;

    /// <summary>The language the agent reads the app in (a tag of <see cref="Languages"/>); null: the helpdesk's default.</summary>
    public string? Language { get; private set; }

    public void ChooseLanguage(string? tag) => Language = Languages.IsSupported(tag) ? tag : null;

    public void Update(string displayName, Group? group, bool isActive)
    {
        DisplayName = displayName.Trim();
        Group = group;
        GroupId = group?.Id;
        IsActive = isActive;
    }
}

/// <summary>Where an agent goes after sending from a ticket page (their choice, kept from one ticket to the next).</summary>
public enum AfterSend
{
    StayOnTicket = 0,
    NextInView = 1,
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
