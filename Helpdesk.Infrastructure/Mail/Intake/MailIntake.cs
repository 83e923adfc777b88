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

/// <summary>Size limits for received mail (<c>Intake:MaxMessageMegabytes</c>, <c>Intake:MaxAttachmentMegabytes</c>).</summary>
public sealed record IntakeLimits(long MaxMessageBytes, long MaxAttachmentBytes);

/// <summary>
/// The pipeline for one raw email, shared by the mailbox poll job and the <c>mail ingest</c> verb: store the
/// raw message and its row (commit), then parse, store its files and let <see cref="MailIntakeService"/> make
/// the ticket or reply (commit with its acknowledgement). The same message again (same mailbox, Message-ID
/// and content) does nothing; a message that fails is quarantined with its reason and the caller goes on.
/// </summary>
public sealed class MailIntake(
    HelpdeskDbContext db, IInboundStore inbound, MailIntakeService intake, RawMailStore raw, AttachmentStore attachments, IntakeLimits limits,
    IOutboxNudge nudge, TimeProvider time, ILogger<MailIntake> logger)
{
    public async Task<InboundMessage> ReceiveAsync(string mailbox, long? uid, long? uidValidity, byte[] message, MailboxDefaults defaults, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var (parsed, parseError) = TryParse(message);

        var messageId = parsed?.MessageId ?? string.Empty;
        var hash = ContentHash(parsed, message);
        var row = await inbound.FindAsync(mailbox, messageId, hash, ct);
        if (row is not null && row.State != InboundState.Received)
        {
            return row; // already done: a repeat delivery, or a poll after a crash before the server was told
        }

        if (row is null)
        {
            var key = await raw.SaveAsync(message, Sha256(message), now, ct);
            var from = parsed?.From.FirstOrDefault()?.Address.ToLowerInvariant();
            var sender = (parsed?.ReplyTo.FirstOrDefault() ?? parsed?.From.FirstOrDefault())?.Address.ToLowerInvariant() ?? from;
            row = new InboundMessage(mailbox, uid, uidValidity, messageId, hash, key, message.Length, sender, parsed?.Subject, now);
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

        return await ProcessAsync(row, parsed, parseError, message.Length, defaults, ct);
    }

    /// <summary>Processes a stored message again (from the quarantine).</summary>
    public async Task<InboundMessage> ReprocessAsync(long id, MailboxDefaults defaults, CancellationToken ct = default)
    {
        var row = await inbound.FindAsync(id, ct) ?? throw new NotFoundException("The message");
        row.Requeue();
        var message = await raw.ReadAsync(row.RawKey, ct);
        var (parsed, parseError) = TryParse(message);

        return await ProcessAsync(row, parsed, parseError, message.Length, defaults, ct);
    }

    /// <summary>The parsed message, or why it could not be parsed (the parser is lenient; this guards the unforeseen).</summary>
    private static (MimeMessage? Parsed, string? Error) TryParse(byte[] message)
    {
        try
        {
            return (MimeParser.Parse(message), null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<InboundMessage> ProcessAsync(InboundMessage row, MimeMessage? parsed, string? parseError, long size, MailboxDefaults defaults, CancellationToken ct)
    {
        var id = row.Id;
        try
        {
            if (parsed is null)
            {
                throw new DomainException($"Not a readable message: {parseError}");
            }

            if (size > limits.MaxMessageBytes)
            {
                throw new DomainException($"The message is {size / 1_048_576.0:0.0} MB; the limit is {limits.MaxMessageBytes / 1_048_576.0:0.#} MB.");
            }

            var (files, dropped) = await StoreFilesAsync(parsed, ct);
            var mail = Convert(parsed, files, dropped);

            // One transaction: the intake saves once midway (a new ticket's number for its acknowledgement), and a
            // crash after that save must not leave a ticket whose message still looks unprocessed.
            await using (var transaction = await db.Database.BeginTransactionAsync(ct))
            {
                await intake.ProcessAsync(row, mail, defaults, ct);
                await inbound.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }

            nudge.Nudge();
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
        foreach (var part in parsed.Attachments.Concat(parsed.AttachedMessages))
        {
            index++;
            var content = part.Message is not null ? part.RawContent.ToArray() : part.Content();
            var name = part.FileName ?? (part.Message is not null ? $"{Safe(part.Message.Subject) ?? "message"}.eml" : $"attachment-{index}{Extension(part.ContentType)}");
            if (content.LongLength > limits.MaxAttachmentBytes)
            {
                dropped.Add($"{name} ({content.LongLength / 1_048_576.0:0.0} MB)");
                continue;
            }

            await using var stream = new MemoryStream(content, writable: false);
            var file = await attachments.SaveAsync(name, part.Message is not null ? "message/rfc822" : part.ContentType, stream, ct);
            files.Add(file with { ContentId = part.ContentId });
        }

        return (files, dropped);
    }

    /// <summary>The parsed message as the intake service sees it.</summary>
    public static InboundMail Convert(MimeMessage parsed, IReadOnlyList<AttachmentFile> files, IReadOnlyList<string>? dropped = null)
    {
        static IReadOnlyList<InboundAddress> Addresses(IReadOnlyList<MailboxAddress> list) =>
            [.. list.Where(a => a.Address.Contains('@', StringComparison.Ordinal)).Select(a => new InboundAddress(a.Name, a.Address.ToLowerInvariant()))];

        var headers = new Dictionary<string, string>();
        foreach (var field in parsed.Headers.Fields)
        {
            headers.TryAdd(field.Name.ToLowerInvariant(), field.Value);
        }

        var (isReport, failed) = DeliveryReport(parsed);
        var text = parsed.TextBody;
        if (dropped is { Count: > 0 })
        {
            text = $"{text}\n\n[Not kept, over the size limit: {string.Join(", ", dropped)}]";
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
            Html = parsed.HtmlBody,
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
    private static string ContentHash(MimeMessage? parsed, byte[] message)
    {
        if (parsed is null)
        {
            return Sha256(message);
        }

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
