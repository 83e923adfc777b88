using Helpdesk.Core.Domain;
using Helpdesk.Infrastructure.Mail;

namespace Helpdesk.Web.Presentation;

/// <summary>A received message's HTML as the conversation shows it: the new part, and the whole when they differ.</summary>
public sealed record MessageHtml(string Shown, string? Full);

/// <summary>A disruption as the banner and the ticket page's link menu name it.</summary>
public sealed record ActiveDisruption(int Id, string Title, DisruptionStatus Status, DateTimeOffset StartedAt)
{
    public static ActiveDisruption From(Disruption disruption) => new(disruption.Id, disruption.Title, disruption.Status, disruption.StartedAt);
}

/// <summary>What the conversation on the ticket page shows of received HTML, worked out before the page renders.</summary>
public static class ConversationPresenter
{
    /// <summary>
    /// The customers' HTML messages, by message id: sanitised once at intake (then only its inline images are pointed
    /// at the message's own attachments) or, for mail received before that, sanitised here with the same allow-list.
    /// </summary>
    public static IReadOnlyDictionary<long, MessageHtml> Html(Ticket ticket)
    {
        var shown = new Dictionary<long, MessageHtml>();
        foreach (var m in ticket.Messages.Where(m => m.AuthorKind == ActorKind.Customer))
        {
            var images = m.Attachments.Where(a => a.ContentId is not null && a.IsInlineImage)
                .GroupBy(a => a.ContentId!)
                .ToDictionary(g => g.Key, g => $"/tickets/{ticket.Number}/attachments/{g.First().Id}/inline");
            if (m.SafeHtml is { } stored)
            {
                shown[m.Id] = new MessageHtml(
                    MailDisplay.ResolveInlineImages(m.FreshHtml ?? stored, images.GetValueOrDefault),
                    m.FreshHtml is null ? null : MailDisplay.ResolveInlineImages(stored, images.GetValueOrDefault));
            }
            else if (m.Html is { Length: > 0 } html)
            {
                var safe = MailDisplay.SanitizeHtml(html, images.GetValueOrDefault);
                var fresh = MailDisplay.NewHtml(safe);
                shown[m.Id] = new MessageHtml(fresh, fresh.Length < safe.Length ? safe : null);
            }
        }

        return shown;
    }
}
