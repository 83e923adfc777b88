namespace Helpdesk.Core.Domain;

/// <summary>One message in a ticket's conversation: a customer message, a public reply or an internal note.</summary>
public sealed class TicketMessage
{
    private readonly List<Attachment> _attachments = [];

    private TicketMessage()
    {
    }

    public long Id { get; private set; }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public MessageVisibility Visibility { get; private set; }

    public ActorKind AuthorKind { get; private set; }

    public string? AuthorAgentId { get; private set; }

    public int? AuthorCustomerId { get; private set; }

    public string AuthorName { get; private set; } = string.Empty;

    public string Body { get; private set; } = string.Empty;

    /// <summary>The email's HTML body as received (sanitised when shown), for messages that came by email.</summary>
    public string? Html { get; private set; }

    /// <summary>The email's Message-ID, for messages that came by email: replies to it thread here.</summary>
    public string? MessageId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyCollection<Attachment> Attachments => _attachments.AsReadOnly();

    /// <summary>The ticket this message was first written on, when a merge moved it here.</summary>
    public int? MergedFrom { get; private set; }

    /// <summary>A merge moves the message, with its attachments, to the surviving ticket.</summary>
    internal void MoveTo(Ticket survivor, int from)
    {
        MergedFrom ??= from;
        Ticket = survivor;
        TicketNumber = survivor.Number;
    }

    public bool IsInternal => Visibility == MessageVisibility.Internal;

    internal static TicketMessage FromCustomer(Ticket ticket, Customer author, string body, DateTimeOffset now, IReadOnlyCollection<AttachmentFile>? files)
    {
        var message = New(ticket, MessageVisibility.Public, ActorKind.Customer, author.DisplayName, body, now, files);
        message.AuthorCustomerId = author.Id == 0 ? null : author.Id;
        return message;
    }

    /// <summary>
    /// Where the quoted history or signature begins in <see cref="Body"/> (found once, at intake), for emailed
    /// messages that have one; the conversation shows what comes before it.
    /// </summary>
    public int? QuotedStart { get; private set; }

    /// <summary>The text this message added: <see cref="Body"/> up to its quoted history.</summary>
    public string NewText => NewTextOf(Body, QuotedStart);

    /// <summary>A message's own text: its body up to where its quoted history starts, if one was found.</summary>
    public static string NewTextOf(string body, int? quotedStart) =>
        quotedStart is int start && start > 0 && start < body.Length ? body[..start].TrimEnd() : body;

    /// <summary>The received HTML as shown, sanitised once at intake; inline images are <c>cid:</c> references until shown.</summary>
    public string? SafeHtml { get; private set; }

    /// <summary><see cref="SafeHtml"/> without the quoted history, or null when it has none.</summary>
    public string? FreshHtml { get; private set; }

    /// <summary>Where an emailed message came from; the text body is <see cref="Body"/>.</summary>
    internal void SetEmailOrigin(string? messageId, string? html, int? quotedStart = null, string? safeHtml = null, string? freshHtml = null)
    {
        QuotedStart = quotedStart is int start && start > 0 && start < Body.Length ? start : null;
        SafeHtml = safeHtml is { Length: > 0 } ? safeHtml : null;
        FreshHtml = SafeHtml is not null && freshHtml is { } fresh && fresh != SafeHtml ? fresh : null;
        MessageId = messageId is { Length: > 0 } ? (messageId.Length > Limits.MessageIdLength ? messageId[..Limits.MessageIdLength] : messageId) : null;
        Html = html is { Length: > 0 } ? (html.Length > Limits.BodyLength * 5 ? html[..(Limits.BodyLength * 5)] : html) : null;
    }

    internal static TicketMessage FromSystem(Ticket ticket, string author, string body, DateTimeOffset now) =>
        New(ticket, MessageVisibility.Internal, ActorKind.System, author.Length > Limits.NameLength ? author[..Limits.NameLength] : author, body, now, null);

    internal static TicketMessage FromAgent(Ticket ticket, Agent author, MessageVisibility visibility, string body, DateTimeOffset now, IReadOnlyCollection<AttachmentFile>? files)
    {
        var message = New(ticket, visibility, ActorKind.Agent, author.DisplayName, body, now, files);
        message.AuthorAgentId = author.Id;
        return message;
    }

    private static TicketMessage New(Ticket ticket, MessageVisibility visibility, ActorKind kind, string authorName, string body, DateTimeOffset now, IReadOnlyCollection<AttachmentFile>? files)
    {
        if (string.IsNullOrWhiteSpace(body) && (files is null || files.Count == 0))
        {
            throw new DomainException("A message needs some text or an attachment.");
        }

        var message = new TicketMessage
        {
            Ticket = ticket,
            Visibility = visibility,
            AuthorKind = kind,
            AuthorName = authorName,
            Body = body.Trim() is { Length: > Limits.BodyLength } longBody ? longBody[..Limits.BodyLength] : body.Trim(),
            CreatedAt = now,
        };
        foreach (var file in files ?? [])
        {
            message._attachments.Add(new Attachment(message, file));
        }

        return message;
    }
}

/// <summary>A file already written to the attachment store, ready to hang on a message (with its Content-ID when an email's HTML shows it inline).</summary>
public sealed record AttachmentFile(string FileName, string ContentType, long Size, string StorageKey, string? ContentId = null);

public sealed class Attachment
{
    private Attachment()
    {
    }

    internal Attachment(TicketMessage message, AttachmentFile file)
    {
        Message = message;
        FileName = FileNames.Visible(file.FileName) is { Length: > 0 } name ? name : "attachment";
        ContentType = file.ContentType;
        Size = file.Size;
        StorageKey = file.StorageKey;
        ContentId = file.ContentId is { Length: > 0 and <= 300 } cid ? cid : null;
    }

    /// <summary>The Content-ID an email's HTML refers to it by (<c>cid:…</c>), if any.</summary>
    public string? ContentId { get; private set; }

    /// <summary>The name to show and to download as: what was stored before names were cleaned may still hold bidi controls.</summary>
    public string DisplayName => FileNames.Visible(FileName) is { Length: > 0 } name ? name : "attachment";

    /// <summary>A raster image the browser may show inline (never SVG, which can carry script).</summary>
    public bool IsInlineImage => ContentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    public long Id { get; private set; }

    public long MessageId { get; private set; }

    public TicketMessage Message { get; private set; } = null!;

    public string FileName { get; private set; } = string.Empty;

    public string ContentType { get; private set; } = string.Empty;

    public long Size { get; private set; }

    /// <summary>Where the attachment store keeps the bytes; never shown to users.</summary>
    public string StorageKey { get; private set; } = string.Empty;
}

/// <summary>One change to a ticket: who, what, the old and new value, when.</summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    internal AuditEntry(Ticket ticket, Actor by, DateTimeOffset at, string field, string? oldValue, string? newValue)
    {
        Ticket = ticket;
        ActorKind = by.Kind;
        ActorId = by.Id;
        ActorName = by.Name;
        At = at;
        Field = field;
        OldValue = Clip(oldValue);
        NewValue = Clip(newValue);
    }

    public long Id { get; private set; }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public DateTimeOffset At { get; private set; }

    public ActorKind ActorKind { get; private set; }

    public string? ActorId { get; private set; }

    public string ActorName { get; private set; } = string.Empty;

    public string Field { get; private set; } = string.Empty;

    public string? OldValue { get; private set; }

    public string? NewValue { get; private set; }

    private static string? Clip(string? value) =>
        value is null || value.Length <= Limits.AuditValueLength ? value : value[..(Limits.AuditValueLength - 1)] + "…";
}

public sealed class TicketTag
{
    private TicketTag()
    {
    }

    internal TicketTag(Ticket ticket, string name)
    {
        Ticket = ticket;
        Name = name;
    }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public string Name { get; private set; } = string.Empty;

    public static HashSet<string> Normalize(IEnumerable<string> tags) =>
        tags.SelectMany(t => t.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
            .Select(t => t.Trim().ToLowerInvariant())
            .Where(t => t.Length > 0)
            .Select(t => t.Length > Limits.TagLength ? t[..Limits.TagLength] : t)
            .ToHashSet(StringComparer.Ordinal);
}

/// <summary>An address on a ticket besides its requester's, lower case: it gets the conversation and may write to it.</summary>
public sealed class TicketCc
{
    private TicketCc()
    {
    }

    internal TicketCc(Ticket ticket, string address)
    {
        Ticket = ticket;
        Address = address;
    }

    public int TicketNumber { get; private set; }

    public Ticket Ticket { get; private set; } = null!;

    public string Address { get; private set; } = string.Empty;
}
