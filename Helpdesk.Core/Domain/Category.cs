namespace Helpdesk.Core.Domain;

/// <summary>What a ticket is about (e.g. "Billing question", "Outage"); SLA policies can match on it.</summary>
public sealed class Category
{
    private Category()
    {
    }

    public Category(string name) => Name = name.Trim();

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;
}
