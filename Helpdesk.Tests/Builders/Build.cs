using Helpdesk.Core.Domain;

namespace Helpdesk.Tests.Builders;

/// <summary>Small builders for domain objects in unit tests.</summary>
public static class Build
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static Organization Organization(string name = "Acme", string? domains = "acme.example") => new(name, domains, null, T0);

    public static Customer Customer(string email = "ana@acme.example", string? name = "Ana Almeida", Organization? organization = null) =>
        new(new EmailAddress(email), name, organization, T0);

    public static Agent Agent(string id = "agent-1", string name = "Avery Agent", string email = "avery@helpdesk.example") =>
        new(id, name, new EmailAddress(email));

    public static Ticket Ticket(Customer? requester = null, string subject = "Cannot log in", TicketPriority priority = TicketPriority.Normal) =>
        Helpdesk.Core.Domain.Ticket.Open(subject, requester ?? Customer(), "It says my password is wrong.", TicketChannel.Email, priority, Actor.System, T0);
}
