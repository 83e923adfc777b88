using Helpdesk.Core.Ports;
using System.Security.Cryptography;
using System.Text;
using Helpdesk.Core.Domain;
using Helpdesk.Core.Mail;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Infrastructure.Mail.Mime;
using Helpdesk.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Mail.Intake;

/// <summary>
/// Limits for received mail (<c>Intake:</c> settings): the message's size (checked before any parsing), the MIME
/// structure, the attachments kept, and the time one message may take to prepare before it is quarantined.
/// </summary>
public sealed record IntakeLimits(long MaxMessageBytes, long MaxAttachmentBytes)
{
    public int MaxMimeParts { get; init; } = 1000;

    public int MaxMimeDepth { get; init; } = 32;

    public int MaxAttachments { get; init; } = 100;

    public long MaxAttachmentBytesTotal { get; init; } = 50 * 1_048_576L;

    /// <summary>Parsing and reading one message (no database work) must end within this, or it is quarantined.</summary>
    public TimeSpan ProcessingBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A message whose processing began this many times without ending (it took the process down) is quarantined.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>
    /// The receiving server's authserv-id (RFC 8601): only its Authentication-Results are believed. Unset, the
    /// topmost one is (the last server to add one), which a sender cannot place above the receiving server's own.
    /// </summary>
    public string? AuthServId { get; init; }
}

/// <summary>
/// The pipeline for one raw email, shared by the mailbox poll job and the <c>mail ingest</c> verb: read its header
/// block, store the raw message and its row (commit), then, outside any transaction and within a time budget, parse
/// it and work out its text; store its files; and only then let <see cref="MailIntakeService"/> make the ticket or
/// reply in one short transaction with its acknowledgement. The same message again (same mailbox, Message-ID and
/// content) does nothing; a message that is too large, fails, runs past the budget or keeps taking the process
/// down is quarantined with its reason and the caller goes on.
/// </summary>
public sealed class InboundMailProcessor(
    HelpdeskDbContext db, IInboundStore inbound, MailIntakeService intake, RawMailStore raw, AttachmentStore attachments, IntakeLimits limits,
    TimeProvider time, ILogger<InboundMailProcessor> logger)
{
    /// <summary>
    /// Takes in one message. <paramref name="fullSize"/> is the size the mail server announced when
    /// <paramref name="message"/> holds only the message's header block (it was too large to fetch whole).
    /// </summary>
    public async Task<InboundMessage> ReceiveAsync(string mailbox, long? uid, long? uidValidity, byte[] message, MailboxDefaults defaults, CancellationToken ct = default, long? fullSize = null)
    {
        var now = time.GetUtcNow();
        var size = Math.Max(fullSize ?? 0, message.LongLength);

        // The header block only: enough to recognise the message and its sender, linear, whatever the body holds.
        var (headers, bodyStart) = MimeParser.ParseHead(message);
        var head = new MimeMessage(new MimeEntity(headers, message, bodyStart, message.Length - bodyStart));
        var messageId = head.MessageId ?? string.Empty;
        var hash = ContentHash(head);
        var row = await inbound.FindAsync(mailbox, messageId, hash, ct);
        if (row is not null && row.State != InboundState.Received)
        {
            return row; // already done: a repeat delivery, or a poll after a crash before the server was told
        }

        if (row is null)
        {
            var key = await raw.SaveAsync(message, Sha256(message), now, ct);
            var from = head.From.FirstOrDefault()?.Address.ToLowerInvariant();
            row = new InboundMessage(mailbox, uid, uidValidity, messageId, hash, key, size, from, head.Subject, now);
            inbound.Add(row);
            try
            {
                await inbound.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another node stored the same message a moment ago: it is that node's to process.
                inbound.DiscardChanges();
                return await inbound.FindAsync(mailbox, messageId, hash, ct) ?? throw new InvalidOperationException("The stored message vanished.");
            }
        }

        return await ProcessAsync(row, message, defaults, ct);
    }

    /// <summary>Processes a stored message again (from the quarantine).</summary>
    public async Task<InboundMessage> ReprocessAsync(long id, MailboxDefaults defaults, CancellationToken ct = default)
    {
        var row = await inbound.FindAsync(id, ct) ?? throw new NotFoundException("The message");
        row.Requeue();
        var message = await raw.ReadAsync(row.RawKey, ct);
        return await ProcessAsync(row, message, defaults, ct);
    }

    /// <summary>HTML longer than this is not shown (the text is): no one reads it in a page, and it is not stored twice.</summary>
    public const int MaxShownHtml = Limits.BodyLength * 5;

    /// <summary>What the work outside the transaction found: the parsed message, its text and its HTML as shown.</summary>
    private sealed record Prepared(MimeMessage Parsed, string? Text, int? QuotedStart, string? Html, string? SafeHtml, string? FreshHtml, string? AuthenticationFailure);

    /// <summary>
    /// The CPU work for one message, none of it in a transaction: parse, text from HTML, where the quote starts, the
    /// HTML sanitised as the conversation shows it (inline images stay <c>cid:</c> references to its own attachments).
    /// </summary>
    private Prepared Prepare(byte[] message)
    {
        var parsed = MimeParser.Parse(message, new MimeLimits(limits.MaxMimeParts, limits.MaxMimeDepth));
        var html = parsed.HtmlBody is { Length: > 0 and <= MaxShownHtml } h ? h : null;
        var text = parsed.TextBody is { Length: > 0 } plain ? plain : parsed.HtmlBody is { Length: > 0 } any ? MailDisplay.HtmlToText(any) : null;
        text = text?.Trim();
        string? safe = null, fresh = null;
        if (html is not null)
        {
            var inline = parsed.Attachments.Where(a => a.ContentId is { Length: > 0 } && a.ContentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp")
                .Select(a => a.ContentId!).ToHashSet(StringComparer.Ordinal);
            safe = MailDisplay.SanitizeHtml(html, cid => inline.Contains(cid) ? "cid:" + cid : null);
            fresh = MailDisplay.NewHtml(safe);
        }

        return new Prepared(parsed, text, text is null ? null : MailDisplay.QuotedStart(text), html, safe, fresh, AuthenticationResults.Failure(parsed.Headers, limits.AuthServId));
    }

    private async Task<InboundMessage> ProcessAsync(InboundMessage row, byte[] message, MailboxDefaults defaults, CancellationToken ct)
    {
        var id = row.Id;
        try
        {
            if (row.Size > limits.MaxMessageBytes)
            {
                throw new DomainException($"The message is {row.Size / 1_048_576.0:0.0} MB; the limit is {limits.MaxMessageBytes / 1_048_576.0:0.#} MB. It was not read; what is kept here is {(message.LongLength < row.Size ? $"its first {message.LongLength / 1024} KB" : "the raw message")}.");
            }

            // Counted before the work, so that a message that takes the process down is not tried for ever.
            row.BeginAttempt();
            await inbound.SaveChangesAsync(ct);
            if (row.Attempts > limits.MaxAttempts)
            {
                throw new DomainException($"Processing began {limits.MaxAttempts} times and never ended (the process stopped each time).");
            }

            Prepared prepared;
            try
            {
                prepared = await Task.Run(() => Prepare(message), ct).WaitAsync(limits.ProcessingBudget, time, ct);
            }
            catch (TimeoutException)
            {
                throw new DomainException($"Reading the message took longer than {limits.ProcessingBudget.TotalSeconds:0} s; it was stopped.");
            }

            var (files, dropped) = await StoreFilesAsync(prepared.Parsed, ct);
            var mail = Convert(prepared, files, dropped);

            // One short transaction: the intake saves once midway (a new ticket's number for its acknowledgement), and
            // a crash after that save must not leave a ticket whose message still looks unprocessed.
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await intake.ProcessAsync(row, mail, defaults, ct);
                await inbound.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

                logger.LogInformation("Mail {Id} from {From}: {Outcome}", row.Id, row.From, row.Outcome);
            return row;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            inbound.DiscardChanges();
            var stored = await inbound.FindAsync(id, ct) ?? row;
            stored.Quarantine(ex is DomainException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}", time.GetUtcNow());
            await inbound.SaveChangesAsync(ct);
            logger.LogWarning(ex, "Mail {Id} from {From} quarantined: {Reason}", stored.Id, stored.From, stored.Outcome);
            return stored;
        }
    }

    private async Task<(List<AttachmentFile> Files, List<string> Dropped)> StoreFilesAsync(MimeMessage parsed, CancellationToken ct)
    {
        var files = new List<AttachmentFile>();
        var dropped = new List<string>();
        var index = 0;
        var total = 0L;
        var beyond = 0;
        foreach (var part in parsed.Attachments.Concat(parsed.AttachedMessages))
        {
            index++;
            if (files.Count >= limits.MaxAttachments)
            {
                beyond++;
                continue;
            }

            var content = part.Message is not null ? part.RawContent.ToArray() : part.Content();
            var name = part.FileName ?? (part.Message is not null ? $"{Safe(part.Message.Subject) ?? "message"}.eml" : $"attachment-{index}{Extension(part.ContentType)}");
            if (content.LongLength > limits.MaxAttachmentBytes)
            {
                dropped.Add($"{name} ({content.LongLength / 1_048_576.0:0.0} MB)");
                continue;
            }

            if (total + content.LongLength > limits.MaxAttachmentBytesTotal)
            {
                dropped.Add($"{name} ({content.LongLength / 1_048_576.0:0.0} MB, past {limits.MaxAttachmentBytesTotal / 1_048_576.0:0.#} MB of attachments in all)");
                continue;
            }

            total += content.LongLength;

            await using var stream = new MemoryStream(content, writable: false);
            var file = await attachments.SaveAsync(name, part.Message is not null ? "message/rfc822" : part.ContentType, stream, ct);
            files.Add(file with { ContentId = part.ContentId });
        }

        if (beyond > 0)
        {
            dropped.Add($"{beyond} more attachment(s) past the limit of {limits.MaxAttachments}");
        }

        return (files, dropped);
    }

    /// <summary>The prepared message as the intake service sees it, with a note of whatever was not kept.</summary>
    private static InboundMail Convert(Prepared prepared, IReadOnlyList<AttachmentFile> files, IReadOnlyList<string> dropped)
    {
        var parsed = prepared.Parsed;
        static IReadOnlyList<InboundAddress> Addresses(IReadOnlyList<MailboxAddress> list) =>
            [.. list.Where(a => a.Address.Contains('@', StringComparison.Ordinal)).Select(a => new InboundAddress(a.Name, a.Address.ToLowerInvariant()))];

        var headers = new Dictionary<string, string>();
        foreach (var field in parsed.Headers.Fields)
        {
            headers.TryAdd(field.Name.ToLowerInvariant(), field.Value);
        }

        var (isReport, failed) = DeliveryReport(parsed);
        var text = prepared.Text ?? string.Empty;
        var notes = dropped.Concat(parsed.Omitted).ToList();
        if (notes.Count > 0)
        {
            text = $"{text}\n\n[Not kept, over the limits: {string.Join("; ", notes)}. The whole message is kept as received.]".TrimStart();
        }

        return new InboundMail
        {
            MessageId = parsed.MessageId,
            Subject = parsed.Subject,
            From = Addresses(parsed.From),
            ReplyTo = Addresses(parsed.ReplyTo),
            To = Addresses(parsed.To),
            Cc = Addresses(parsed.Cc),
            InReplyTo = parsed.InReplyTo,
            References = parsed.References,
            Date = parsed.Date,
            Text = text,
            QuotedStart = prepared.QuotedStart,
            AuthenticationFailure = prepared.AuthenticationFailure,
            Html = prepared.Html,
            SafeHtml = prepared.SafeHtml,
            FreshHtml = prepared.FreshHtml,
            Attachments = files,
            Headers = headers,
            IsDeliveryReport = isReport,
            FailedRecipients = failed,
        };
    }

    /// <summary>A delivery status notification (RFC 3464: multipart/report; report-type=delivery-status) and its failed recipients.</summary>
    private static (bool IsReport, List<(string Recipient, string Status)> Failed) DeliveryReport(MimeMessage parsed)
    {
        var failed = new List<(string, string)>();
        var body = parsed.Body;
        var isReport = body.ContentType == "multipart/report"
            && string.Equals(body.ContentTypeParameters.GetValueOrDefault("report-type"), "delivery-status", StringComparison.OrdinalIgnoreCase);
        var status = body.Parts.FirstOrDefault(p => p.ContentType is "message/delivery-status" or "message/global-delivery-status");
        if (!isReport && status is null)
        {
            return (false, failed);
        }

        if (status is not null)
        {
            // Per-recipient blocks of "Name: value" lines, separated by blank lines (RFC 3464 §2.1).
            var text = Charsets.DecodeUnlabelled(status.Content()).Replace("\r\n", "\n", StringComparison.Ordinal);
            foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
            {
                var fields = block.Split('\n').Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                    .GroupBy(p => p[0].Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First()[1].Trim());
                if (fields.TryGetValue("final-recipient", out var recipient) && fields.GetValueOrDefault("action", "failed").StartsWith("failed", StringComparison.OrdinalIgnoreCase))
                {
                    var address = recipient.Contains(';', StringComparison.Ordinal) ? recipient[(recipient.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim() : recipient;
                    var code = fields.GetValueOrDefault("status", "5.0.0");
                    var diagnostic = fields.GetValueOrDefault("diagnostic-code");
                    failed.Add((address.Trim('<', '>'), diagnostic is null ? code : $"{code} {diagnostic}"));
                }
            }
        }

        return (true, failed);
    }

    /// <summary>Sender, date, subject and body bytes: the same message delivered twice hashes the same.</summary>
    private static string ContentHash(MimeMessage parsed)
    {
        var head = Encoding.UTF8.GetBytes($"{parsed.Headers["From"]}\n{parsed.Headers["Date"]}\n{parsed.Headers["Subject"]}\n");
        return Sha256([.. head, .. parsed.Body.RawContent.Span]);
    }

    private static string Sha256(byte[] bytes) => System.Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string? Safe(string? subject) =>
        subject is null ? null : new string([.. subject.Where(c => !Path.GetInvalidFileNameChars().Contains(c))]).Trim() is { Length: > 0 } s ? (s.Length > 80 ? s[..80] : s) : null;

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/gif" => ".gif",
        "application/pdf" => ".pdf",
        "text/plain" => ".txt",
        "text/html" => ".html",
        _ => ".bin",
    };
}
