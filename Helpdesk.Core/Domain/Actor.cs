using System.Globalization;

namespace Helpdesk.Core.Domain;

/// <summary>Who caused a change: an agent, a customer, or the system itself (jobs, mail intake).</summary>
public readonly record struct Actor(ActorKind Kind, string? Id, string Name)
{
    public static Actor System { get; } = new(ActorKind.System, null, "System");

    public static Actor ForAgent(Agent agent) => new(ActorKind.Agent, agent.Id, agent.DisplayName);

    public static Actor ForCustomer(Customer customer) =>
        new(ActorKind.Customer, customer.Id.ToString(CultureInfo.InvariantCulture), customer.DisplayName);
}
