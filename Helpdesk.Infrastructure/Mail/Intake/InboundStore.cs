using Helpdesk.Core.Ports;
using System.Text.RegularExpressions;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Helpdesk.Infrastructure.Mail.Intake;

public sealed partial class InboundStore(HelpdeskDbContext db, MailIdentity identity) : IInboundStore
{
    public Task<InboundMessage?> FindAsync(string mailbox, string messageId, string contentHash, CancellationToken ct = default) =>
        db.Inbound.FirstOrDefaultAsync(m => m.Mailbox == mailbox && m.MessageId == messageId && m.ContentHash == contentHash, ct);

    public Task<InboundMessage?> FindAsync(long id, CancellationToken ct = default) => db.Inbound.FirstOrDefaultAsync(m => m.Id == id, ct);

    public void Add(InboundMessage message) => db.Inbound.Add(message);

    public async Task<int?> TicketForMessageIdsAsync(IReadOnlyCollection<string> messageIds, CancellationToken ct = default)
    {
        // Our thread root names the ticket: <ticket-123@our.domain>.
        foreach (var id in messageIds)
        {
            if (RootPattern().Match(id) is { Success: true } root && root.Groups[2].Value.Equals(identity.Domain, StringComparison.OrdinalIgnoreCase))
            {
                return int.Parse(root.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        var ids = messageIds.Where(i => i.Length <= 500).Take(100).ToList();
        var bracketed = ids.Select(i => $"<{i}>").ToList();
        return await db.Outbox.Where(m => bracketed.Contains(m.MessageId) && m.TicketNumber != null).Select(m => m.TicketNumber).FirstOrDefaultAsync(ct)
            ?? await db.Messages.Where(m => m.MessageId != null && ids.Contains(m.MessageId)).Select(m => (int?)m.TicketNumber).FirstOrDefaultAsync(ct)
            ?? await db.Inbound.Where(m => ids.Contains(m.MessageId) && m.TicketNumber != null).Select(m => m.TicketNumber).FirstOrDefaultAsync(ct);
    }

    public Task<int> CountFromAsync(string address, DateTimeOffset since, CancellationToken ct = default) =>
        db.Inbound.CountAsync(m => m.From == address && m.ReceivedAt >= since, ct);

    public Task<int> CountAcknowledgementsAsync(DateTimeOffset since, CancellationToken ct = default) =>
        db.Outbox.CountAsync(m => m.Kind == OutboxKind.Acknowledgement && m.CreatedAt >= since, ct);

    public Task SaveChangesAsync(CancellationToken ct = default) => db.SaveChangesAsync(ct);

    public void DiscardChanges() => db.ChangeTracker.Clear();

    [GeneratedRegex(@"^ticket-(\d{1,9})@(.+)$", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RootPattern();
}
