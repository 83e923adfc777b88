namespace Helpdesk.Core.Domain;

/// <summary>Merging a duplicate into the ticket that carries on the conversation.</summary>
public sealed partial class Ticket
{
    /// <summary>The ticket this one was merged into: it is closed, and mail about it goes there.</summary>
    public int? MergedInto { get; private set; }

    /// <summary>
    /// Merges this ticket (the duplicate) into <paramref name="survivor"/>: its whole conversation with the attachments
    /// moves there in time order, its requester and Cc become the survivor's followers, and it is closed with a link to
    /// the survivor (its SLA clocks are cancelled with that cause when the engine next runs). When the duplicate holds a
    /// customer message nobody answered, the survivor is reopened and awaits a reply. The caller loads both
    /// conversations first (<c>IHelpdeskStore.LoadConversationAsync</c>); returns how many messages moved.
    /// </summary>
    public int MergeInto(Ticket survivor, Actor by, DateTimeOffset now)
    {
        if (survivor == this || survivor.Number == Number)
        {
            throw new DomainException("A ticket cannot be merged into itself.");
        }

        EnsureNotClosed("merge");
        if (survivor.Status == TicketStatus.Closed)
        {
            throw new DomainException($"Ticket #{survivor.Number} is closed: merge into an open ticket.");
        }

        if (_messages.Count == 0 || survivor._messages.Count == 0)
        {
            // Every ticket opens with a message: an empty list means its conversation was not loaded.
            throw new InvalidOperationException("Both conversations must be loaded before a merge.");
        }

        var unanswered = Status.IsUnsolved() && LastCustomerMessageAt is { } asked && asked > (LastAgentReplyAt ?? DateTimeOffset.MinValue);
        var moved = _messages.Count;
        foreach (var message in _messages)
        {
            message.MoveTo(survivor, Number);
            survivor._messages.Add(message);
        }

        _messages.Clear();

        survivor.Record(by, now, "Merged", null, $"#{Number} {Subject} ({moved} {(moved == 1 ? "message" : "messages")} from {Requester.DisplayName})");
        survivor.AddCc([Requester.Email, .. CcAddresses], by, now);
        if (LastCustomerMessageAt > (survivor.LastCustomerMessageAt ?? DateTimeOffset.MinValue))
        {
            survivor.LastCustomerMessageAt = LastCustomerMessageAt;
        }

        if (unanswered)
        {
            // The duplicate's customer is waiting: the survivor owes them an answer.
            if (survivor.FirstRespondedAt is not null)
            {
                survivor.AwaitingReplySince ??= now;
            }

            if (survivor.Status is TicketStatus.Pending or TicketStatus.OnHold or TicketStatus.Solved)
            {
                survivor.SetStatus(TicketStatus.Open, by, now);
            }
        }

        survivor.Touch(now);

        Record(by, now, "Merged into", null, $"#{survivor.Number} {survivor.Subject}");
        MergedInto = survivor.Number;
        AwaitingReplySince = null;
        SolvedAt ??= now; // out of the backlog, as a closed ticket is
        SetStatus(TicketStatus.Closed, by, now);
        Touch(now);
        return moved;
    }
}
