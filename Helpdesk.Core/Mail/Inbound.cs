using Helpdesk.Core.Domain;

namespace Helpdesk.Core.Mail;

public enum InboundState
{
    /// <summary>Stored, not yet processed (a crash in between leaves it here; the next run processes it).</summary>
    Received = 0,

    /// <summary>Became a ticket or a reply.</summary>
    Processed = 1,

    /// <summary>Taken note of without a ticket: a bounce, mail from our own address.</summary>
    Ignored = 2,

    /// <summary>Could not be processed; kept with its reason for an admin to reprocess or discard.</summary>
    Quarantined = 3,

    /// <summary>An admin discarded it from the quarantine.</summary>
    Discarded = 4,
}

/// <summary>
/// One received email, stored (raw file and this row) before it is processed, so a crash loses nothing and a
/// second delivery of the same message does nothing: it is unique per mailbox, Message-ID and content hash
/// (a sender who reuses a Message-ID for a new message still gets it in).
/// </summary>
public sealed class InboundMessage
{
    private InboundMessage()
    {
    }

    public InboundMessage(string mailbox, long? uid, long? uidValidity, string messageId, string contentHash, string rawKey, long size,
        string? from, string? subject, DateTimeOffset now)
    {
        Mailbox = mailbox;
        Uid = uid;
        UidValidity = uidValidity;
        MessageId = Cut(messageId, Limits.MessageIdLength);
        ContentHash = contentHash;
        RawKey = rawKey;
        Size = size;
        From = from is null ? null : Cut(from, Limits.EmailLength);
        Subject = subject is null ? null : Cut(subject, Limits.SubjectLength);
        ReceivedAt = now;
        State = InboundState.Received;
    }

    public long Id { get; private set; }

    public string Mailbox { get; private set; } = string.Empty;

    public long? Uid { get; private set; }

    public long? UidValidity { get; private set; }

    /// <summary>The Message-ID without brackets, or empty when the message had none.</summary>
    public string MessageId { get; private set; } = string.Empty;

    /// <summary>SHA-256 of sender, date and content: tells two messages under one Message-ID apart.</summary>
    public string ContentHash { get; private set; } = string.Empty;

    /// <summary>Where the raw message is kept (the raw mail store's key).</summary>
    public string RawKey { get; private set; } = string.Empty;

    public long Size { get; private set; }

    public string? From { get; private set; }

    public string? Subject { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    public InboundState State { get; private set; }

    /// <summary>What happened: the ticket it became, why it was ignored, why it is in quarantine.</summary>
    public string? Outcome { get; private set; }

    public int? TicketNumber { get; private set; }

    public DateTimeOffset? ProcessedAt { get; private set; }

    /// <summary>How many times processing began; one that never ended (the process died) counts too.</summary>
    public int Attempts { get; private set; }

    /// <summary>Counts a start of processing; saved before the work, so a message that kills the process is noticed.</summary>
    public void BeginAttempt() => Attempts++;

    public void Processed(int ticketNumber, string outcome, DateTimeOffset now) => End(InboundState.Processed, outcome, ticketNumber, now);

    public void Ignored(string why, DateTimeOffset now) => End(InboundState.Ignored, why, null, now);

    public void Quarantine(string why, DateTimeOffset now) => End(InboundState.Quarantined, why, null, now);

    public void Discard(DateTimeOffset now)
    {
        if (State != InboundState.Quarantined)
        {
            throw new DomainException("Only a quarantined message can be discarded.");
        }

        End(InboundState.Discarded, Outcome ?? "discarded", null, now);
    }

    /// <summary>Back to Received, for a reprocess from the quarantine.</summary>
    public void Requeue()
    {
        if (State != InboundState.Quarantined)
        {
            throw new DomainException("Only a quarantined message can be processed again.");
        }

        State = InboundState.Received;
        Attempts = 0;
    }

    private void End(InboundState state, string outcome, int? ticket, DateTimeOffset now)
    {
        State = state;
        Outcome = Cut(outcome, Limits.ReasonLength);
        TicketNumber = ticket;
        ProcessedAt = now;
    }

    private static string Cut(string value, int length) => value.Length <= length ? value : value[..length];
}

public sealed record InboundAddress(string? Name, string Address);

/// <summary>What the intake needs of a parsed email (the MIME parser fills it; files are already stored).</summary>
public sealed class InboundMail
{
    public string? MessageId { get; init; }

    public string? Subject { get; init; }

    public IReadOnlyList<InboundAddress> From { get; init; } = [];

    public IReadOnlyList<InboundAddress> ReplyTo { get; init; } = [];

    public IReadOnlyList<InboundAddress> To { get; init; } = [];

    public IReadOnlyList<InboundAddress> Cc { get; init; } = [];

    public IReadOnlyList<string> InReplyTo { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    public DateTimeOffset? Date { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }

    public IReadOnlyList<AttachmentFile> Attachments { get; init; } = [];

    /// <summary>Header fields by lower-case name (first value), for the loop and noise rules.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A delivery status notification (RFC 3464) and the recipients it reports as failed.</summary>
    public bool IsDeliveryReport { get; init; }

    public IReadOnlyList<(string Recipient, string Status)> FailedRecipients { get; init; } = [];

    /// <summary>
    /// Who wrote it: the From address, the one the receiving mail system can authenticate (SPF, DKIM, DMARC).
    /// Reply-To only says where answers should go; anyone can put a customer's address there.
    /// </summary>
    public InboundAddress? Sender => From.FirstOrDefault();

    /// <summary>Where the quoted history or signature starts in <see cref="Text"/> (trimmed), or null when it has none.</summary>
    public int? QuotedStart { get; init; }

    /// <summary>
    /// <see cref="Html"/> as the conversation shows it, sanitised once at intake (inline images as <c>cid:</c>
    /// references, resolved when shown); null when there is no HTML or it is too large to show.
    /// </summary>
    public string? SafeHtml { get; init; }

    /// <summary><see cref="SafeHtml"/> without its quoted history, or null when it has none.</summary>
    public string? FreshHtml { get; init; }

    /// <summary>
    /// Why the receiving mail server found the sender's domain not authentic (its Authentication-Results, RFC 8601),
    /// or null when it passed or recorded nothing.
    /// </summary>
    public string? AuthenticationFailure { get; init; }
}

/// <summary>What to do with a ticket token (or marker) from a sender who is not on that ticket.</summary>
public enum UnknownSenderPolicy
{
    NewTicket,
    AddAsFollower,
}

/// <summary>Intake settings from configuration (<c>Intake:</c>) and per mailbox.</summary>
public sealed class IntakeOptions
{
    /// <summary>Our own addresses (mailboxes, the From of outgoing mail): mail from them never opens a ticket.</summary>
    public IReadOnlyCollection<string> OwnAddresses { get; init; } = [];

    public UnknownSenderPolicy UnknownSender { get; init; } = UnknownSenderPolicy.NewTicket;

    /// <summary>A sender who writes more than this many messages an hour stops getting acknowledgements.</summary>
    public int AcknowledgementsPerHour { get; init; } = 5;

    /// <summary>No more acknowledgements than this an hour in all, whoever the senders claim to be (forged senders' backscatter).</summary>
    public int AcknowledgementsPerHourTotal { get; init; } = 200;

    /// <summary>Acknowledge a sender whose domain failed authentication at the receiving server (off: forged senders get nothing).</summary>
    public bool AcknowledgeUnauthenticated { get; init; }
}

/// <summary>Defaults for the tickets a mailbox opens.</summary>
public sealed record MailboxDefaults(int? GroupId = null, int? CategoryId = null, TicketPriority Priority = TicketPriority.Normal);
