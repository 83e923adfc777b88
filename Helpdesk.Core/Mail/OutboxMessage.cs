using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Mail;

public enum OutboxKind
{
    Reply = 0,
    Acknowledgement = 1,
    Alert = 2,
    Notice = 3,

    /// <summary>The satisfaction survey of a solved ticket.</summary>
    Survey = 4,

    /// <summary>A one-time link that signs a customer in to the portal.</summary>
    PortalLink = 5,

    /// <summary>An organization's monthly SLA report, to a contact who asked for it.</summary>
    MonthlyReport = 6,

    /// <summary>Tells a duplicate's customer which ticket their conversation continues on.</summary>
    MergeNotice = 7,

    /// <summary>An automation's email to a ticket's requester.</summary>
    Automation = 8,
}

public enum OutboxState
{
    Queued = 0,
    Sent = 1,
    DeadLettered = 2,

    /// <summary>An admin gave up on it; kept for the record.</summary>
    Discarded = 3,
}

/// <summary>
/// One outgoing email, written in the same transaction as the change that causes it. Its Message-ID is
/// fixed when it is queued, so every attempt sends the same message and receivers can tell duplicates.
/// </summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 8;

    private OutboxMessage()
    {
    }

    public OutboxMessage(OutboxKind kind, int? ticketNumber, string messageId, string to, string? cc, string subject, string body,
        string? inReplyTo, string? references, bool automatic, DateTimeOffset now, string? listUnsubscribe = null, string? htmlBody = null)
    {
        ListUnsubscribe = listUnsubscribe;
        HtmlBody = htmlBody;
        Kind = kind;
        TicketNumber = ticketNumber;
        MessageId = messageId;
        To = to;
        Cc = string.IsNullOrWhiteSpace(cc) ? null : cc;
        Subject = subject;
        Body = body;
        InReplyTo = inReplyTo;
        References = references;
        Automatic = automatic;
        CreatedAt = now;
        NextAttemptAt = now;
        State = OutboxState.Queued;
    }

    public long Id { get; private set; }

    public OutboxKind Kind { get; private set; }

    public int? TicketNumber { get; private set; }

    /// <summary>With angle brackets, e.g. &lt;3f2c…@helpdesk.example&gt;.</summary>
    public string MessageId { get; private set; } = string.Empty;

    /// <summary>Comma-separated addresses.</summary>
    public string To { get; private set; } = string.Empty;

    public string? Cc { get; private set; }

    public string Subject { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    /// <summary>The same message as HTML, sent beside the text (multipart/alternative); null for text only.</summary>
    public string? HtmlBody { get; private set; }

    /// <summary>The disruption a notice is about (notices to one customer within a window are merged).</summary>
    public int? DisruptionId { get; private set; }

    /// <summary>A notice about this disruption.</summary>
    public void About(Disruption disruption) => DisruptionId = disruption.Id;

    /// <summary>Not sent before <paramref name="until"/> (the dispatcher takes only messages that are due).</summary>
    public void Hold(DateTimeOffset until) => NextAttemptAt = until;

    /// <summary>True while the message is held far enough ahead that no dispatcher can be sending it (and none ever took it).</summary>
    public bool IsHeldPast(DateTimeOffset moment) => State == OutboxState.Queued && Attempts == 0 && ClaimedUntil is null && NextAttemptAt > moment;

    /// <summary>
    /// Until when a dispatcher has taken the message to send it (claimed in the database before the send, so that no
    /// other node sends it meanwhile); after that moment, with the message still queued, another may take it.
    /// </summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>The store's claim, mirrored on the tracked message.</summary>
    public void Claim(DateTimeOffset until) => ClaimedUntil = until;

    /// <summary>New words for a held message (a notice merged with a later update); refused once it may be on its way.</summary>
    public void Rewrite(string subject, string body, DateTimeOffset now)
    {
        if (!IsHeldPast(now))
        {
            throw new InvalidOperationException($"Outbox message {Id} is no longer held; it cannot be rewritten.");
        }

        Subject = subject;
        Body = body;
    }

    public string? InReplyTo { get; private set; }

    public string? References { get; private set; }

    /// <summary>
    /// For bulk mail (disruption notices): the URL that stops it in one click, for the RFC 2369 <c>List-Unsubscribe</c>
    /// and RFC 8058 <c>List-Unsubscribe-Post</c> headers that mail providers offer as an "unsubscribe" button.
    /// </summary>
    public string? ListUnsubscribe { get; private set; }

    /// <summary>Automatic mail (acknowledgements, alerts, notices) carries RFC 3834 headers.</summary>
    public bool Automatic { get; private set; }

    public OutboxState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public IEnumerable<string> Recipients =>
        (To + "," + Cc).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Delivered; <paramref name="note"/> names any recipient the server refused for good while taking it for the
    /// others.</summary>
    public void MarkSent(DateTimeOffset now, string? note = null)
    {
        Attempts++;
        State = OutboxState.Sent;
        SentAt = now;
        LastError = note is null || note.Length <= Limits.AuditValueLength ? note : note[..Limits.AuditValueLength];
    }

    /// <summary>The server refused the message for good (an SMTP 5xx reply): trying again cannot help, so it is
    /// dead-lettered at once with the server's words.</summary>
    public void MarkRejected(string reply, DateTimeOffset now)
    {
        Attempts++;
        LastError = reply.Length <= Limits.AuditValueLength ? reply : reply[..Limits.AuditValueLength];
        State = OutboxState.DeadLettered;
    }

    /// <summary>Schedules the next try with exponential backoff and jitter, or dead-letters after the last one.</summary>
    public void MarkFailed(string error, DateTimeOffset now, double jitter)
    {
        Attempts++;
        ClaimedUntil = null; // free for the next try, whichever node makes it
        LastError = error.Length <= Limits.AuditValueLength ? error : error[..Limits.AuditValueLength];
        if (Attempts >= MaxAttempts)
        {
            State = OutboxState.DeadLettered;
            return;
        }

        // 30 s, 1 min, 2 min … capped at an hour, each ±20 %.
        var delay = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Attempts - 1)));
        NextAttemptAt = now + (delay * (0.8 + (0.4 * Math.Clamp(jitter, 0, 1))));
    }

    /// <summary>An admin gives up on a message that cannot be delivered.</summary>
    public void Discard()
    {
        if (State != OutboxState.Sent)
        {
            State = OutboxState.Discarded;
        }
    }

    /// <summary>An admin puts a dead-lettered message back in the queue.</summary>
    public void Retry(DateTimeOffset now)
    {
        if (State == OutboxState.DeadLettered)
        {
            State = OutboxState.Queued;
            Attempts = 0;
            NextAttemptAt = now;
        }
    }
}

/// <summary>A recipient a mail server refused for good, and its reply (e.g. "550 5.1.1 No such user").</summary>
public sealed record RefusedRecipient(string Address, string Reply);

/// <summary>A mail server refused a message for good (SMTP 5xx): retrying the same message cannot help.</summary>
public sealed class MailRejectedException(string reply, IReadOnlyList<RefusedRecipient> recipients) : Exception(reply)
{
    /// <summary>The recipients refused, each with the server's reply; empty when the message itself was refused.</summary>
    public IReadOnlyList<RefusedRecipient> Recipients { get; } = recipients;
}

/// <summary>Where mail comes from and how ticket mail is addressed (configuration section <c>Mail</c>).</summary>
public sealed record MailIdentity(string FromAddress, string FromName, string BaseUrl)
{
    public string Domain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];

    public string From => $"{FromName} <{FromAddress}>";

    public string NewMessageId() => $"<{Guid.NewGuid():N}@{Domain}>";
}
