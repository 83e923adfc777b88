using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Helpdesk.Core.Validation;
using Helpdesk.Web.Models;

namespace Helpdesk.Web.Presentation;

/// <summary>Makes the ticket page's model from a loaded ticket: the view sees the page's records, never the entity.</summary>
public static class TicketPage
{
    public static TicketViewModel Build(
        Ticket ticket,
        TicketUpdateInput input,
        Lookups lookups,
        IReadOnlyList<SlaClockView> sla,
        IReadOnlyList<ActiveDisruption> activeDisruptions,
        string? conflict = null,
        IReadOnlyList<string>? unsaved = null) => new()
    {
        Ticket = new TicketHeading(ticket.Number, ticket.Subject, ticket.Status, ticket.Priority, ticket.Channel, ticket.CreatedAt, ticket.MergedInto),
        Requester = new RequesterCard(
            ticket.Requester.Id,
            ticket.Requester.DisplayName,
            ticket.Requester.Email,
            ticket.Requester.Organization is { } org ? new NamedOption(org.Id, org.Name) : null),
        Conversation = Conversation(ticket),
        Sla = sla,
        SlaTimeline = [.. ticket.SlaEvents.Select(e => new SlaTimelineEntry(e.At, SlaPresenter.MetricName(e.Metric), SlaPresenter.EventName(e.Kind), e.Detail))],
        AuditTrail = [.. ticket.AuditTrail.Select(e => new AuditRow(e.At, e.ActorName, e.Field, e.OldValue, e.NewValue))],
        Satisfaction = ticket.SurveySentAt is { } sent ? new SatisfactionCard(sent, ticket.Satisfaction, ticket.SatisfactionAt, ticket.SatisfactionComment) : null,
        LinkedDisruptionId = ticket.DisruptionId,
        FormerAssignee = ticket.AssigneeId is { } assigned && lookups.Agents.All(a => a.Id != assigned)
            ? new AgentOption(assigned, ticket.Assignee?.DisplayName ?? Words.T("A former agent"), null)
            : null,
        Current = Form(ticket),
        Lookups = lookups,
        Input = input,
        ActiveDisruptions = activeDisruptions,
        Conflict = conflict,
        UnsavedChanges = unsaved,
    };

    /// <summary>The form as the ticket stands, with an optional draft message kept in it.</summary>
    public static TicketUpdateInput Form(Ticket ticket, string? body = null, MessageVisibility visibility = MessageVisibility.Public) => new()
    {
        Version = ticket.Version,
        Body = body,
        Visibility = visibility,
        Status = ticket.Status,
        Priority = ticket.Priority,
        AssigneeId = ticket.AssigneeId,
        GroupId = ticket.GroupId,
        CategoryId = ticket.CategoryId,
        Tags = string.Join(' ', ticket.TagNames),
    };

    private static List<ConversationEntry> Conversation(Ticket ticket)
    {
        var html = ConversationPresenter.Html(ticket);
        return [.. ticket.Messages.Select(m => new ConversationEntry(
            m.Id,
            m.IsInternal ? ConversationAuthor.InternalNote : m.AuthorKind == ActorKind.Customer ? ConversationAuthor.Customer : ConversationAuthor.AgentReply,
            m.AuthorName,
            m.CreatedAt,
            html.GetValueOrDefault(m.Id),
            // An emailed message with quoted history: where it starts was found once, at intake.
            m.QuotedStart is null ? m.Body : m.NewText,
            m.QuotedStart is null ? null : m.Body,
            [.. m.Attachments.Select(a => new AttachmentLink(a.Id, a.DisplayName, a.Size))],
            m.MergedFrom))];
    }
}
