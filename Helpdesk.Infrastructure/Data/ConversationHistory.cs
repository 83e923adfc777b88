using Helpdesk.Core.Domain;
using Helpdesk.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Data;

public sealed class ConversationHistory(HelpdeskDbContext db) : IConversationHistory
{
    public async Task<IReadOnlyList<EarlierMessage>> PublicMessagesAsync(int ticketNumber, int take, CancellationToken ct = default)
    {
        // On the (TicketNumber, CreatedAt) index; the new text only is quoted (see TicketMessage.NewText).
        var rows = await db.Messages.AsNoTracking()
            .Where(m => m.TicketNumber == ticketNumber && m.Visibility == MessageVisibility.Public)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(take)
            .Select(m => new { m.AuthorName, m.CreatedAt, m.Body, m.QuotedStart })
            .ToListAsync(ct);
        return [.. rows.Select(m => new EarlierMessage(m.AuthorName, m.CreatedAt, TicketMessage.NewTextOf(m.Body, m.QuotedStart)))];
    }
}
