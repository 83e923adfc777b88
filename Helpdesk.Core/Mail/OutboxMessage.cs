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
        string? inReplyTo, string? references, bool automatic, DateTimeOffset now, string? listUnsubscribe = null)
    {
        ListUnsubscribe = listUnsubscribe;
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

    public void MarkSent(DateTimeOffset now)
    {
        Attempts++;
        State = OutboxState.Sent;
        SentAt = now;
        LastError = null;
    }

    /// <summary>Schedules the next try with exponential backoff and jitter, or dead-letters after the last one.</summary>
    public void MarkFailed(string error, DateTimeOffset now, double jitter)
    {
        Attempts++;
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

/// <summary>Sends one composed message; implementations: SMTP, or a pickup folder of .eml files.</summary>
public interface IMailSender
{
    Task SendAsync(string from, IReadOnlyList<string> recipients, string messageId, ReadOnlyMemory<byte> message, CancellationToken ct = default);
}

/// <summary>Turns an outbox row into RFC 5322 bytes.</summary>
public interface IMessageWriter
{
    byte[] Write(OutboxMessage message, string from, DateTimeOffset date);
}

/// <summary>Wakes the dispatcher after a commit that queued mail, so it need not wait for its next turn.</summary>
public interface IOutboxNudge
{
    void Nudge();
}

public interface IOutboxStore
{
    void Add(OutboxMessage message);

    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int max, CancellationToken ct = default);

    Task SaveChangesAsync(CancellationToken ct = default);
}

/// <summary>Where mail comes from and how ticket mail is addressed (configuration section <c>Mail</c>).</summary>
public sealed record MailIdentity(string FromAddress, string FromName, string BaseUrl)
{
    public string Domain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];

    public string From => $"{FromName} <{FromAddress}>";

    public string NewMessageId() => $"<{Guid.NewGuid():N}@{Domain}>";
}
