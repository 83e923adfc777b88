using Helpdesk.Core.Domain;
using Helpdesk.Core.Sla;

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

    /// <summary>A policy with targets for Normal and Urgent on every metric, pausing while Pending or On hold, warning at 75 % and 90 %.</summary>
    public static SlaPolicy Policy(int id, string name, int calendarId, int position = 1, Action<List<(SlaMetric, TicketPriority, int)>>? targets = null, IEnumerable<TicketPriority>? priorities = null)
    {
        var policy = new SlaPolicy(id, name, calendarId, position);
        var list = new List<(SlaMetric, TicketPriority, int)>
        {
            (SlaMetric.FirstResponse, TicketPriority.Normal, 60), (SlaMetric.FirstResponse, TicketPriority.Urgent, 15),
            (SlaMetric.NextResponse, TicketPriority.Normal, 120), (SlaMetric.NextResponse, TicketPriority.Urgent, 30),
            (SlaMetric.Resolution, TicketPriority.Normal, 480), (SlaMetric.Resolution, TicketPriority.Urgent, 120),
        };
        targets?.Invoke(list);
        policy.Update(name, calendarId, true, priorities ?? [], [], [], [], [TicketStatus.Pending, TicketStatus.OnHold], [75, 90], list, T0);
        return policy;
    }
}
