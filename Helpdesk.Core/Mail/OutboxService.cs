using Helpdesk.Core.Ports;
using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Mail;

/// <summary>Queues outgoing mail in the caller's unit of work, and sends what is due.</summary>
public sealed class OutboxService(IOutboxStore store, IMessageWriter writer, IMailSender sender, MailIdentity identity, TimeProvider time)
{
    /// <summary>An agent's public reply, to the requester, threaded under the ticket.</summary>
    public OutboxMessage QueueReply(Ticket ticket, TicketMessage reply)
    {
        var message = new OutboxMessage(
            OutboxKind.Reply,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            null,
            $"[#{ticket.Number}] {ticket.Subject}",
            $"{reply.Body}\n\n-- \n{reply.AuthorName}\n{identity.FromName}\n\nReply to this email to add to ticket #{ticket.Number}. {MailIntakeService.Marker(ticket.Number)}\n",
            ThreadRoot(ticket),
            ThreadRoot(ticket),
            automatic: false,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// The automatic answer to a customer's new ticket by email: its number and how to add to it, threaded
    /// under the customer's message and marked as an auto-reply (RFC 3834) so that no machine answers it.
    /// </summary>
    public OutboxMessage QueueAcknowledgement(Ticket ticket, string? inReplyTo, string? disruptionNotice = null)
    {
        var parent = inReplyTo is { Length: > 0 } ? $"<{inReplyTo}>" : null;
        var message = new OutboxMessage(
            OutboxKind.Acknowledgement,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            null,
            $"[#{ticket.Number}] {ticket.Subject}",
            $"Hello {ticket.Requester.Name ?? ticket.Requester.Email},\n\n" +
            $"we have received your request and opened ticket #{ticket.Number}: \"{ticket.Subject}\".\n" +
            "An agent will answer you by email. To add anything, reply to this email and keep the ticket number in the subject.\n\n" +
            (disruptionNotice is null ? string.Empty : $"We are aware of a service disruption that may be the cause: {disruptionNotice}\nUpdates: {identity.BaseUrl}/status\n\n") +
            $"-- \n{identity.FromName}\n{MailIntakeService.Marker(ticket.Number)}\n",
            parent ?? ThreadRoot(ticket),
            parent is null ? ThreadRoot(ticket) : $"{ThreadRoot(ticket)} {parent}",
            automatic: true,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// The satisfaction survey of a solved ticket, to the requester only: automatic (RFC 3834 auto-generated, so no
    /// machine answers it) and threaded under the ticket, so a reply saying it is not solved reopens it.
    /// </summary>
    public OutboxMessage QueueSurvey(Ticket ticket, string goodUrl, string badUrl, TimeSpan validity)
    {
        var message = new OutboxMessage(
            OutboxKind.Survey,
            ticket.Number,
            identity.NewMessageId(),
            ticket.Requester.Email,
            null,
            $"[#{ticket.Number}] How did we do? {ticket.Subject}",
            $"Hello {ticket.Requester.Name ?? ticket.Requester.Email},\n\n" +
            $"ticket #{ticket.Number} \"{ticket.Subject}\" has been solved. How would you rate the help you got?\n\n" +
            $"Good, I am satisfied:\n{goodUrl}\n\n" +
            $"Bad, I am not satisfied:\n{badUrl}\n\n" +
            $"The next page lets you add a comment. You can answer once, within {(int)validity.TotalDays} days.\n" +
            "If the problem is not solved, reply to this email instead: the ticket will be reopened.\n\n" +
            $"-- \n{identity.FromName}\n{MailIntakeService.Marker(ticket.Number)}\n",
            ThreadRoot(ticket),
            ThreadRoot(ticket),
            automatic: true,
            time.GetUtcNow());
        store.Add(message);
        return message;
    }

    /// <summary>
    /// A disruption notice to one customer: automatic, not threaded under any ticket, with the opt-out link in the
    /// text (a page that asks) and the one-click link in its List-Unsubscribe header.
    /// </summary>
    public OutboxMessage QueueNotice(string email, string? name, string optOutUrl, string oneClickUrl, Disruption disruption, DisruptionUpdate update)
    {
        var status = update.Status switch
        {
            DisruptionStatus.Investigating => "Investigating",
            DisruptionStatus.Identified => "Cause identified",
            DisruptionStatus.Monitoring => "Fix in place, monitoring",
            _ => "Resolved",
        };
        var message = new OutboxMessage(
            OutboxKind.Notice,
            null,
            identity.NewMessageId(),
            email,
            null,
            $"[{status}] {disruption.Title}",
            $"Hello {name ?? email},\n\n{update.Message}\n\nStatus: {status}. Current status and all updates: {identity.BaseUrl}/status\n\n-- \n{identity.FromName}\nTo stop these service notices: {optOutUrl}\n",
            null,
            null,
            automatic: true,
            time.GetUtcNow(),
            oneClickUrl);
        store.Add(message);
        return message;
    }

    /// <summary>
    /// Sends up to <paramref name="max"/> due messages over one session (one SMTP connection), committing each outcome
    /// before the next send, so a crash repeats at most the message in flight. A refusal for good (SMTP 5xx)
    /// dead-letters the message at once and records the bounce on the customer; anything else is tried again with
    /// backoff. Returns how many were sent.
    /// </summary>
    public async Task<int> DispatchAsync(int max, CancellationToken ct = default)
    {
        var due = await store.DueAsync(time.GetUtcNow(), max, ct);
        if (due.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        await using var session = sender.OpenSession();
        foreach (var message in due)
        {
            try
            {
                var bytes = writer.Write(message, time.GetUtcNow());
                var refused = await session.SendAsync(identity.FromAddress, message.Recipients.ToList(), message.MessageId, bytes, ct);
                message.MarkSent(time.GetUtcNow(), refused.Count == 0 ? null : "Refused for good: " + Describe(refused));
                await RecordBouncesAsync(message, refused, ct);
                sent++;
            }
            catch (MailRejectedException ex)
            {
                message.MarkRejected(ex.Recipients.Count == 0 ? ex.Message : Describe(ex.Recipients), time.GetUtcNow());
                await RecordBouncesAsync(message, ex.Recipients, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.MarkFailed($"{ex.GetType().Name}: {ex.Message}", time.GetUtcNow(), Random.Shared.NextDouble());
            }

            await store.SaveChangesAsync(ct);
        }

        return sent;
    }

    private static string Describe(IReadOnlyList<RefusedRecipient> refused) =>
        string.Join("; ", refused.Select(r => $"{r.Address}: {r.Reply}"));

    /// <summary>A recipient refused for good is recorded on the customer, as a bounce received by mail is.</summary>
    private async Task RecordBouncesAsync(OutboxMessage message, IReadOnlyList<RefusedRecipient> refused, CancellationToken ct)
    {
        foreach (var recipient in refused)
        {
            if (await store.FindCustomerAsync(recipient.Address, ct) is { } customer)
            {
                customer.RecordBounce($"{recipient.Reply} (refused when sending {message.Subject})", time.GetUtcNow());
            }
        }
    }

    /// <summary>A stable id for the ticket's thread, so that mail clients group every message of a ticket.</summary>
    private string ThreadRoot(Ticket ticket) => $"<ticket-{ticket.Number}@{identity.Domain}>";
}
